using Microsoft.Extensions.Options;

namespace ModelGateway.Authentication;

/// <summary>
/// Warns at start-up when no caller can be admitted: anonymous access is off (the default, and so in every shipped
/// file) and no API key is configured, so every request gets a 401. The gateway still starts — the keys may be on
/// their way in an edit of the file — but the operator should not have to learn this from the first client.
/// </summary>
internal sealed partial class NoCallerAdmittedWarning : IHostedService
{
    readonly IOptionsMonitor<ApiKeyOptions> _options;
    readonly ILogger<NoCallerAdmittedWarning> _logger;

    public NoCallerAdmittedWarning(IOptionsMonitor<ApiKeyOptions> options, ILogger<NoCallerAdmittedWarning> logger)
    {
        _options = options;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        if (!options.Anonymous.Enabled && options.ApiKeys.Count == 0) Log.NoCallerAdmitted(_logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    static partial class Log
    {
        [LoggerMessage(EventId = 53, Level = LogLevel.Warning, Message = "No API key is configured (Authentication:ApiKeys) and anonymous access is off " +
            "(Authentication:Anonymous:Enabled), so every request will be refused with 401. Mint a key with 'ModelGateway keys new --name <name>' " +
            "and add the entry it prints to Authentication:ApiKeys, or enable Authentication:Anonymous for a single-user machine")]
        public static partial void NoCallerAdmitted(ILogger logger);
    }
}
