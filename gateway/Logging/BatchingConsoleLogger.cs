using System.Text;
using Microsoft.Extensions.Logging.Abstractions;

namespace ModelGateway.Logging;

/// <summary>
/// One category's console logger: formats the entry on the calling thread with the configured console formatter (so
/// the text is exactly the framework's), encodes it and hands the bytes to the <see cref="ConsoleLogQueue"/>, which
/// never waits for the output.
/// </summary>
internal sealed class BatchingConsoleLogger : ILogger
{
    // Per thread, as in the framework's console logger: formatting needs a writer, and no line should allocate one.
    [ThreadStatic] static StringWriter? t_text;
    [ThreadStatic] static byte[]? t_bytes;

    /// <summary>Encoding buffers above this size are not kept by the thread (a rare huge line, e.g. a long stack trace).</summary>
    const int RetainedEncodingBytes = 64 * 1024;

    readonly string _category;
    readonly BatchingConsoleLoggerProvider _provider;

    public BatchingConsoleLogger(string category, BatchingConsoleLoggerProvider provider)
    {
        _category = category;
        _provider = provider;
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => _provider.ScopeProvider?.Push(state);

    /// <summary>Levels and categories are filtered by the logger factory (the <c>Logging</c> section), as for the framework's console logger.</summary>
    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        ArgumentNullException.ThrowIfNull(formatter);
        var settings = _provider.Settings;
        if (settings.JsonLines is { } json && exception is null && state is IJsonLogState jsonState)
        {
            _provider.Queue.TryAdd(json.Write(logLevel, _category, eventId.Id, jsonState), logLevel >= settings.StandardErrorThreshold);
            return;
        }
        var text = t_text ??= new StringWriter();
        var entry = new LogEntry<TState>(logLevel, _category, eventId, state, exception, formatter);
        settings.Formatter.Write(in entry, _provider.ScopeProvider, text);
        var chars = text.GetStringBuilder();
        if (chars.Length == 0) return;
        try
        {
            var length = Encode(chars, settings.Encoding, out var bytes);
            _provider.Queue.TryAdd(bytes.AsSpan(0, length), logLevel >= settings.StandardErrorThreshold);
        }
        finally
        {
            chars.Clear();
            if (chars.Capacity > 1024) chars.Capacity = 1024;
        }
    }

    /// <summary>Encodes the builder's chunks straight into a per-thread buffer (no intermediate string).</summary>
    static int Encode(StringBuilder chars, Encoding encoding, out byte[] bytes)
    {
        var needed = encoding.GetMaxByteCount(chars.Length);
        bytes = t_bytes is { } cached && cached.Length >= needed ? cached : new byte[Math.Max(needed, 4096)];
        if (bytes.Length <= RetainedEncodingBytes) t_bytes = bytes;
        Encoder? encoder = null;
        var length = 0;
        var remaining = chars.Length;
        foreach (var chunk in chars.GetChunks())
        {
            // The usual line fits one chunk; only a split one needs an encoder (a surrogate pair may straddle chunks).
            if (chunk.Length == chars.Length) return encoding.GetBytes(chunk.Span, bytes);
            encoder ??= encoding.GetEncoder();
            remaining -= chunk.Length;
            length += encoder.GetBytes(chunk.Span, bytes.AsSpan(length), flush: remaining == 0);
        }
        return length;
    }
}
