using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using ModelGateway.Routing;

namespace ModelGateway.Validation;

/// <summary>
/// The limits in force. A live configuration edit that fails validation keeps the last good limits (and says so in the
/// log) instead of turning every request into a 500.
/// </summary>
internal sealed partial class ValidationLimits
{
    readonly IOptionsMonitor<ValidationOptions> _monitor;
    readonly ILogger _logger;
    ValidationOptions _lastGood;
    string? _reported;
    CompiledPattern? _toolName;

    public ValidationLimits(IOptionsMonitor<ValidationOptions> monitor, ILogger<ValidationLimits> logger)
    {
        _monitor = monitor;
        _logger = logger;
        _lastGood = monitor.CurrentValue;
    }

    public ValidationOptions Current
    {
        get
        {
            try
            {
                return _lastGood = _monitor.CurrentValue;
            }
            catch (OptionsValidationException ex)
            {
                // Once per distinct problem: every request passes here.
                if (!string.Equals(Interlocked.Exchange(ref _reported, ex.Message), ex.Message, StringComparison.Ordinal))
                    Log.KeptLastGood(_logger, ex.Message);
                return _lastGood;
            }
        }
    }

    /// <summary>The compiled <see cref="ValidationOptions.ToolNamePattern"/>.</summary>
    public Regex ToolName
    {
        get
        {
            var pattern = Current.ToolNamePattern;
            if (_toolName is { } cached && cached.Pattern == pattern) return cached.Regex;
            var compiled = new CompiledPattern(pattern, new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)));
            _toolName = compiled;
            return compiled.Regex;
        }
    }

    /// <summary>The context length of the routed model (its worker name first, then the name the client used); null when unknown.</summary>
    public int? ContextLengthOf(ModelRoute route)
    {
        var options = Current;
        var worker = ModelName.Normalize(route.WorkerModel);
        var requested = ModelName.IsValid(route.RequestedName) ? ModelName.Normalize(route.RequestedName) : null;
        int? byRequested = null;
        foreach (var entry in options.ContextLengths)
        {
            if (entry.Model is null) continue;
            var key = ModelName.Normalize(entry.Model);
            if (key == worker) return entry.Tokens;
            if (key == requested) byRequested = entry.Tokens;
        }
        return byRequested ?? (options.DefaultContextLength > 0 ? options.DefaultContextLength : null);
    }

    /// <summary>One reference, so a reader never sees a pattern paired with another pattern's regex.</summary>
    sealed record CompiledPattern(string Pattern, Regex Regex);

    static partial class Log
    {
        [LoggerMessage(EventId = 60, Level = LogLevel.Error, Message = "The Validation section is invalid ({Reason}); the last valid limits stay in force")]
        public static partial void KeptLastGood(ILogger logger, string reason);
    }
}
