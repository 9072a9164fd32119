using System.Buffers;
using System.Text.Json;
using ModelGateway.Transforms.Serialization;

namespace ModelGateway.Transforms.Shared;

/// <summary>
/// Writes a native arguments object as OpenAI's <c>arguments</c> string (compact JSON text), using a
/// reusable scratch buffer.
/// </summary>
internal sealed class ToolArgumentsWriter
{
    readonly ArrayBufferWriter<byte> _scratch = new(256);
    Utf8JsonWriter? _scratchWriter;

    public void Write(Utf8JsonWriter writer, JsonElement? arguments)
    {
        if (arguments is not { } element || element.ValueKind == JsonValueKind.Null)
        {
            writer.WriteString("arguments"u8, "{}");
            return;
        }
        if (element.ValueKind == JsonValueKind.String)
        {
            writer.WriteString("arguments"u8, element.GetString());
            return;
        }
        _scratch.ResetWrittenCount();
        if (_scratchWriter is null)
            _scratchWriter = new Utf8JsonWriter(_scratch, JsonWriting.Options);
        else
            _scratchWriter.Reset(_scratch);
        element.WriteTo(_scratchWriter);
        _scratchWriter.Flush();
        writer.WriteString("arguments"u8, _scratch.WrittenSpan);
    }
}
