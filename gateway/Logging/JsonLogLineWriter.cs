using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Logging.Console;

namespace ModelGateway.Logging;

/// <summary>
/// Writes the line the framework's JSON console formatter writes for an <see cref="IJsonLogState"/> without an exception
/// or scopes, as UTF-8: <c>{"Timestamp"?,"EventId","LogLevel","Category","Message","State":{…}}</c> and a newline. The
/// request log line takes this path once per request; every other line goes through the formatter itself.
/// </summary>
internal sealed class JsonLogLineWriter
{
    const int MessageStackChars = 512;

    // Per thread: the writer is reset for each line, and rebuilt only when the formatter's options are replaced.
    [ThreadStatic] static ArrayBufferWriter<byte>? t_output;
    [ThreadStatic] static Utf8JsonWriter? t_writer;
    [ThreadStatic] static JsonLogLineWriter? t_writerOwner;

    /// <summary>Output buffers above this size are not kept by the thread.</summary>
    const int RetainedOutputBytes = 64 * 1024;

    static readonly byte[] NewLine = System.Text.Encoding.UTF8.GetBytes(Environment.NewLine);

    readonly JsonConsoleFormatterOptions _options;

    public JsonLogLineWriter(JsonConsoleFormatterOptions options) => _options = options;

    /// <summary>The encoded line; valid until the calling thread writes its next line.</summary>
    public ReadOnlySpan<byte> Write(LogLevel level, string category, int eventId, IJsonLogState state)
    {
        var output = t_output ??= new ArrayBufferWriter<byte>(1024);
        output.ResetWrittenCount();
        var writer = t_writer;
        if (writer is null || !ReferenceEquals(t_writerOwner, this))
        {
            writer = t_writer = new Utf8JsonWriter(output, _options.JsonWriterOptions);
            t_writerOwner = this;
        }
        else
        {
            writer.Reset(output);
        }

        writer.WriteStartObject();
        if (_options.TimestampFormat is { } timestampFormat) WriteTimestamp(writer, timestampFormat);
        writer.WriteNumber("EventId"u8, eventId);
        writer.WriteString("LogLevel"u8, LevelName(level));
        writer.WriteString("Category"u8, category);
        WriteMessage(writer, state);
        writer.WriteStartObject("State"u8);
        state.WriteProperties(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
        output.Write(NewLine);

        var line = output.WrittenSpan;
        if (output.Capacity > RetainedOutputBytes)
        {
            // A rare huge line: hand back a copy, and let the thread start small again.
            var copy = line.ToArray();
            t_output = null;
            t_writer = null;
            return copy;
        }
        return line;
    }

    void WriteTimestamp(Utf8JsonWriter writer, string format)
    {
        var now = _options.UseUtcTimestamp ? DateTimeOffset.UtcNow : DateTimeOffset.Now;
        Span<char> text = stackalloc char[128];
        // The formatter uses DateTimeOffset.ToString(format): the current culture, whatever the format asks for.
        if (now.TryFormat(text, out var written, format)) writer.WriteString("Timestamp"u8, text[..written]);
        else writer.WriteString("Timestamp"u8, now.ToString(format));
    }

    static void WriteMessage(Utf8JsonWriter writer, IJsonLogState state)
    {
        Span<char> text = stackalloc char[MessageStackChars];
        if (state.TryFormatMessage(text, out var written)) writer.WriteString("Message"u8, text[..written]);
        else writer.WriteString("Message"u8, MessageOf(state));
    }

    /// <summary>The state's message as a string, however long.</summary>
    public static string MessageOf(IJsonLogState state)
    {
        for (var size = MessageStackChars; ; size *= 2)
        {
            var rented = ArrayPool<char>.Shared.Rent(size);
            try
            {
                if (state.TryFormatMessage(rented, out var written)) return new string(rented, 0, written);
            }
            finally
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "Trace",
        LogLevel.Debug => "Debug",
        LogLevel.Information => "Information",
        LogLevel.Warning => "Warning",
        LogLevel.Error => "Error",
        LogLevel.Critical => "Critical",
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };
}
