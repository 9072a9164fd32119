using System.Buffers;
using System.Text.Json;
using ModelGateway.Transforms.Errors;
using ModelGateway.Transforms.Serialization;

namespace ModelGateway.Transforms.Shared;

/// <summary>
/// Frames SSE events (<c>data: {json}\n\n</c>) straight into the caller's buffer, reusing one
/// <see cref="Utf8JsonWriter"/> for the whole stream so a token costs no writer allocation.
/// </summary>
internal sealed class SseEventWriter
{
    Utf8JsonWriter? _writer;

    public Utf8JsonWriter Begin(IBufferWriter<byte> output)
    {
        output.Write("data: "u8);
        if (_writer is null)
            _writer = new Utf8JsonWriter(output, JsonWriting.Options);
        else
            _writer.Reset(output);
        return _writer;
    }

    public void End(IBufferWriter<byte> output)
    {
        _writer!.Flush();
        output.Write("\n\n"u8);
    }

    /// <summary>A lone JSON string value (quoted and escaped exactly as inside an event), for chunk templates.</summary>
    public void WriteStringValue(IBufferWriter<byte> output, string value)
    {
        if (_writer is null)
            _writer = new Utf8JsonWriter(output, JsonWriting.Options);
        else
            _writer.Reset(output);
        _writer.WriteStringValue(value);
        _writer.Flush();
    }

    public static void WriteDone(IBufferWriter<byte> output) => output.Write("data: [DONE]\n\n"u8);

    /// <summary>The in-stream error event; after it the stream closes without [DONE].</summary>
    public void WriteError(IBufferWriter<byte> output, string message)
    {
        var writer = Begin(output);
        OpenAIErrorWriter.WriteEnvelope(writer, message, OpenAIError.ServerErrorType, null, null);
        End(output);
    }
}
