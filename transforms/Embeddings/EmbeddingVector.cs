using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;

namespace ModelGateway.Transforms.Embeddings;

/// <summary>Vector shaping and encoding for the embeddings response.</summary>
internal static class EmbeddingVector
{
    /// <summary>
    /// Keeps the first <paramref name="dimensions"/> values and rescales them to unit L2 length — what
    /// Ollama does itself from v0.11.11. A vector already that short is returned untouched.
    /// </summary>
    public static ReadOnlySpan<float> Shorten(float[] vector, int? dimensions, Span<float> scratch)
    {
        if (dimensions is not { } n || n >= vector.Length)
            return vector;
        var kept = scratch[..n];
        vector.AsSpan(0, n).CopyTo(kept);
        double sum = 0;
        foreach (var v in kept)
            sum += (double)v * v;
        if (sum > 0)
        {
            var scale = 1.0 / Math.Sqrt(sum);
            for (var i = 0; i < kept.Length; i++)
                kept[i] = (float)(kept[i] * scale);
        }
        return kept;
    }

    /// <summary>Standard base64 of consecutive little-endian IEEE-754 float32 values.</summary>
    public static void WriteBase64(Utf8JsonWriter writer, ReadOnlySpan<float> vector)
    {
        var length = vector.Length * sizeof(float);
        var bytes = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            for (var i = 0; i < vector.Length; i++)
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
            writer.WriteBase64String("embedding"u8, bytes.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>Floats as JSON numbers in shortest round-trip form (float32 precision, so 0.6 stays "0.6").</summary>
    public static void WriteFloats(Utf8JsonWriter writer, ReadOnlySpan<float> vector)
    {
        writer.WriteStartArray("embedding"u8);
        foreach (var v in vector)
            writer.WriteNumberValue(v);
        writer.WriteEndArray();
    }
}
