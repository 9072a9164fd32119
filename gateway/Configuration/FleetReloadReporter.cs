using ModelGateway.Diagnostics;

namespace ModelGateway.Configuration;

/// <summary>
/// Has every reload of the fleet file checked as a whole before it is published (<see cref="FleetConfigurationCheck"/>),
/// and logs and counts it: applied, or rejected with the reason and the key at fault.
/// </summary>
internal sealed partial class FleetReloadReporter : IHostedService
{
    readonly FleetConfigurationSource _source;
    readonly ILogger<FleetReloadReporter> _logger;
    readonly GatewayMetrics _metrics;
    readonly FleetConfigurationCheck _check;

    public FleetReloadReporter(FleetConfigurationSource source, ILogger<FleetReloadReporter> logger, GatewayMetrics metrics, FleetConfigurationCheck check)
    {
        _source = source;
        _logger = logger;
        _metrics = metrics;
        _check = check;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_source.Provider is { } provider)
        {
            // From now on an edit is published only when the whole configuration it produces passes the start-up checks.
            provider.CandidateCheck ??= _check.Validate;
            provider.Reloaded += Report;
            Log.Loaded(_logger, provider.FullPath);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (_source.Provider is { } provider) provider.Reloaded -= Report;
        return Task.CompletedTask;
    }

    void Report(FleetReloadOutcome outcome)
    {
        _metrics.RecordConfigReload(outcome.Result);
        switch (outcome.Result)
        {
            case FleetReloadResult.Applied: Log.Applied(_logger, outcome.Path); break;
            case FleetReloadResult.Rejected: Log.Rejected(_logger, outcome.Path, outcome.Error ?? ""); break;
        }
    }

    static partial class Log
    {
        [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "Configuration loaded from {Path}; edits are applied while running")]
        public static partial void Loaded(ILogger logger, string path);

        [LoggerMessage(EventId = 31, Level = LogLevel.Information, Message = "Configuration reloaded from {Path}")]
        public static partial void Applied(ILogger logger, string path);

        [LoggerMessage(EventId = 32, Level = LogLevel.Error, Message = "Configuration change in {Path} rejected: {Reason}")]
        public static partial void Rejected(ILogger logger, string path, string reason);
    }
}
