using System.Buffers;
using System.Text.Json;
using ModelGateway.Transforms.Serialization;

namespace ModelGateway.Transforms.Errors;

/// <summary>Writes OpenAI's error envelope <c>{"error":{"message","type","param","code"}}</c>; all four keys always present.</summary>
public static class OpenAIErrorWriter
{
    public static void Write(IBufferWriter<byte> output, OpenAIError error) =>
        Write(output, error.Message, error.Type, error.Param, error.Code);

    public static void Write(IBufferWriter<byte> output, string message, string type, string? param = null, string? code = null)
    {
        using var writer = new Utf8JsonWriter(output, JsonWriting.Options);
        WriteEnvelope(writer, message, type, param, code);
    }

    public static byte[] ToBytes(OpenAIError error)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(buffer, error);
        return buffer.WrittenSpan.ToArray();
    }

    internal static void WriteEnvelope(Utf8JsonWriter writer, string message, string type, string? param, string? code)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error"u8);
        writer.WriteString("message"u8, message);
        writer.WriteString("type"u8, type);
        WriteNullable(writer, "param"u8, param);
        WriteNullable(writer, "code"u8, code);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
    }

    static void WriteNullable(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is null) writer.WriteNull(name);
        else writer.WriteString(name, value);
    }
}
