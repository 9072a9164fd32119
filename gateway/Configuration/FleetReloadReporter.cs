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
    readonly IConfiguration _config;
    readonly UnknownSettingFinder _unknown;

    public FleetReloadReporter(FleetConfigurationSource source, ILogger<FleetReloadReporter> logger, GatewayMetrics metrics,
        FleetConfigurationCheck check, IConfiguration config)
    {
        _source = source;
        _logger = logger;
        _metrics = metrics;
        _check = check;
        _config = config;
        _unknown = UnknownSettingFinder.For(check);
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
        ReportUnknownSettings();
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
            case FleetReloadResult.Applied:
                Log.Applied(_logger, outcome.Path);
                ReportUnknownSettings();
                break;
            case FleetReloadResult.Rejected: Log.Rejected(_logger, outcome.Path, outcome.Error ?? ""); break;
        }
    }

    /// <summary>A misspelt key is ignored by the binder, so the edit would seem to do nothing: say so, with the likely intent.</summary>
    void ReportUnknownSettings()
    {
        foreach (var unknown in _unknown.Find(_config))
        {
            if (unknown.DidYouMean is { } meant) Log.UnknownSettingNear(_logger, unknown.Path, meant);
            else Log.UnknownSetting(_logger, unknown.Path);
        }
    }

    static partial class Log
    {
        [LoggerMessage(EventId = 33, Level = LogLevel.Warning, Message = "Configuration key {Key} is not a setting of the gateway and is ignored; did you mean {Setting}?")]
        public static partial void UnknownSettingNear(ILogger logger, string key, string setting);

        [LoggerMessage(EventId = 34, Level = LogLevel.Warning, Message = "Configuration key {Key} is not a setting of the gateway and is ignored (docs/configuration.md lists them)")]
        public static partial void UnknownSetting(ILogger logger, string key);

        [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "Configuration loaded from {Path}; edits are applied while running")]
        public static partial void Loaded(ILogger logger, string path);

        [LoggerMessage(EventId = 31, Level = LogLevel.Information, Message = "Configuration reloaded from {Path}")]
        public static partial void Applied(ILogger logger, string path);

        [LoggerMessage(EventId = 32, Level = LogLevel.Error, Message = "Configuration change in {Path} rejected: {Reason}")]
        public static partial void Rejected(ILogger logger, string path, string reason);
    }
}
