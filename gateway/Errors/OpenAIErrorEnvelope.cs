using System.Text.Json;

namespace ModelGateway.Errors;

/// <summary>OpenAI's error envelope: all four keys always present, <c>param</c> and <c>code</c> null when unknown.</summary>
public static class OpenAIErrorEnvelope
{
    public static byte[] Encode(string message, string type, string? param, string? code)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(message.Length + 96);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("message", message);
            writer.WriteString("type", type);
            if (param is null) writer.WriteNull("param"); else writer.WriteString("param", param);
            if (code is null) writer.WriteNull("code"); else writer.WriteString("code", code);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
