using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ModelGateway.Transforms.Shared;

/// <summary>Deserialises one NDJSON line (span or multi-segment sequence); null for a blank or malformed line.</summary>
internal static class NativeLineReader
{
    public static bool IsBlank(ReadOnlySpan<byte> line) => line.Trim(" \t\r\n"u8).IsEmpty;

    public static bool TryRead<T>(ReadOnlySpan<byte> line, JsonTypeInfo<T> typeInfo, out T? value) where T : class
    {
        try
        {
            value = JsonSerializer.Deserialize(line, typeInfo);
            return value is not null;
        }
        catch (JsonException)
        {
            value = null;
            return false;
        }
    }

    public static bool TryRead<T>(ReadOnlySequence<byte> line, JsonTypeInfo<T> typeInfo, out T? value) where T : class
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            value = JsonSerializer.Deserialize(ref reader, typeInfo);
            return value is not null;
        }
        catch (JsonException)
        {
            value = null;
            return false;
        }
    }

    public static bool IsBlank(ReadOnlySequence<byte> line)
    {
        foreach (var segment in line)
            if (!IsBlank(segment.Span))
                return false;
        return true;
    }
}
