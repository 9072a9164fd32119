using System.Buffers;
using System.Text.Json;
using ModelGateway.Transforms.Serialization;

namespace ModelGateway.Transforms.Errors;

/// <summary>Writes Ollama's native error body <c>{"error":"..."}</c> (a string, not an object).</summary>
public static class OllamaErrorWriter
{
    public static void Write(IBufferWriter<byte> output, string message)
    {
        using var writer = new Utf8JsonWriter(output, JsonWriting.Options);
        writer.WriteStartObject();
        writer.WriteString("error"u8, message);
        writer.WriteEndObject();
    }

    public static byte[] ToBytes(string message)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + message.Length);
        Write(buffer, message);
        return buffer.WrittenSpan.ToArray();
    }
}
