using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace ModelGateway.Logging;

/// <summary>
/// Stands in for the framework's console logger provider (same "Console" alias, so <c>Logging:Console:*</c> keys and
/// filters apply unchanged, and the same registered formatters, so lines are byte for byte the same), but its output
/// never blocks the logging thread: the framework's queue waits when full, which with inline socket completions would
/// stall every connection behind one slow stdout. Lines that do not fit are dropped, counted
/// (<c>modelgateway_log_dropped_lines_total</c>) and reported in one line when the output catches up.
/// </summary>
[ProviderAlias("Console")]
internal sealed partial class BatchingConsoleLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    public const string DropReportCategory = "ModelGateway.Logging";
    public const string MeterName = "ModelGateway";

    readonly Dictionary<string, ConsoleFormatter> _formatters;
    readonly ConcurrentDictionary<string, BatchingConsoleLogger> _loggers = new(StringComparer.Ordinal);
    readonly Encoding _encoding;
    readonly IOptionsMonitor<ConsoleLoggerOptions> _options;
    readonly IOptionsMonitor<JsonConsoleFormatterOptions> _jsonOptions;
    readonly IDisposable? _reload;
    readonly IDisposable? _jsonReload;
    readonly ILogger _dropReport;
    volatile ConsoleLogSettings _settings;
    IExternalScopeProvider? _scopeProvider;

    public BatchingConsoleLoggerProvider(IOptionsMonitor<ConsoleLoggerOptions> options, IEnumerable<ConsoleFormatter> formatters,
        IOptionsMonitor<JsonConsoleFormatterOptions> jsonOptions, IMeterFactory meters)
        : this(options, formatters, jsonOptions, Console.OpenStandardOutput(), Console.OpenStandardError(), Console.OutputEncoding)
    {
        meters.Create(MeterName).CreateObservableCounter("modelgateway.log.dropped_lines", () => Queue.DroppedLines, "{line}",
            "Console log lines dropped because the output (stdout or stderr) did not keep up.");
    }

    /// <summary>Writes to the given streams; tests pass their own.</summary>
    internal BatchingConsoleLoggerProvider(IOptionsMonitor<ConsoleLoggerOptions> options, IEnumerable<ConsoleFormatter> formatters,
        IOptionsMonitor<JsonConsoleFormatterOptions> jsonOptions, Stream stdout, Stream stderr, Encoding encoding)
    {
        _options = options;
        _jsonOptions = jsonOptions;
        _formatters = new Dictionary<string, ConsoleFormatter>(StringComparer.OrdinalIgnoreCase);
        foreach (var formatter in formatters) _formatters[formatter.Name] = formatter;
        // Console.OutputEncoding omits the byte order mark, as the console writer does.
        _encoding = encoding;
        var current = options.CurrentValue;
        _settings = SettingsFor(current);
        _dropReport = CreateLogger(DropReportCategory);
        Queue = new ConsoleLogQueue(stdout, stderr, current.MaxQueueLength, dropped => Log.LinesDropped(_dropReport, dropped));
        _reload = options.OnChange(Reload);
        _jsonReload = jsonOptions.OnChange(_ => _settings = SettingsFor(_options.CurrentValue));
    }

    internal ConsoleLogQueue Queue { get; }

    internal ConsoleLogSettings Settings => _settings;

    internal IExternalScopeProvider? ScopeProvider => _scopeProvider;

    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, name => new BatchingConsoleLogger(name, this));

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopeProvider = scopeProvider;

    void Reload(ConsoleLoggerOptions options)
    {
        _settings = SettingsFor(options);
        Queue.MaxQueuedLines = options.MaxQueueLength;
    }

    /// <summary>The formatter named by <c>FormatterName</c>; unknown or unset falls back as the framework's provider does.</summary>
    ConsoleLogSettings SettingsFor(ConsoleLoggerOptions options)
    {
        if (options.FormatterName is null || !_formatters.TryGetValue(options.FormatterName, out var formatter))
        {
#pragma warning disable CS0618 // The obsolete Format still picks the fallback formatter in the framework.
            var fallback = options.Format == ConsoleLoggerFormat.Systemd ? ConsoleFormatterNames.Systemd : ConsoleFormatterNames.Simple;
#pragma warning restore CS0618
            formatter = _formatters[fallback];
        }
        return new ConsoleLogSettings(formatter, options.LogToStandardErrorThreshold, _encoding, JsonLinesFor(formatter));
    }

    /// <summary>
    /// The direct JSON writer, when the formatter is the framework's own JSON formatter (not a custom one registered
    /// under its name), scopes are off (lines then carry the logging thread's scopes) and the output is UTF-8, so the
    /// bytes are the formatter's exactly (<c>BatchingConsoleLoggerProviderTests</c> compares them).
    /// </summary>
    JsonLogLineWriter? JsonLinesFor(ConsoleFormatter formatter)
    {
        if (formatter.Name != ConsoleFormatterNames.Json || formatter.GetType().FullName != FrameworkJsonFormatterType) return null;
        if (_encoding.CodePage != Encoding.UTF8.CodePage) return null;
        var json = _jsonOptions.CurrentValue;
        return json.IncludeScopes ? null : new JsonLogLineWriter(json);
    }

    const string FrameworkJsonFormatterType = "Microsoft.Extensions.Logging.Console.JsonConsoleFormatter";

    public void Dispose()
    {
        _reload?.Dispose();
        _jsonReload?.Dispose();
        Queue.Dispose();
    }

    static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "{DroppedLines} log lines dropped: the console output did not keep up")]
        public static partial void LinesDropped(ILogger logger, long droppedLines);
    }
}
