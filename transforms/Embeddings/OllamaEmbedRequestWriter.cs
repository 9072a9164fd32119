using System.Buffers;
using System.Text.Json;
using ModelGateway.Transforms.Ollama;
using ModelGateway.Transforms.Serialization;

namespace ModelGateway.Transforms.Embeddings;

/// <summary>
/// Writes the native <c>POST /api/embed</c> body. <c>dimensions</c> goes only to workers that honour it
/// (v0.11.11+); for older ones <see cref="EmbeddingResponseTranslator"/> truncates and re-normalises.
/// </summary>
public static class OllamaEmbedRequestWriter
{
    public static void Write(EmbeddingRequest request, string workerModel, OllamaWorkerFeatures features, IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output, JsonWriting.Options);
        writer.WriteStartObject();
        writer.WriteString("model"u8, workerModel);
        if (request.InputIsArray)
        {
            writer.WriteStartArray("input"u8);
            foreach (var input in request.Inputs)
                writer.WriteStringValue(input);
            writer.WriteEndArray();
        }
        else
        {
            writer.WriteString("input"u8, request.Inputs[0]);
        }
        if (request.Dimensions is { } dimensions && features.SupportsEmbedDimensions)
            writer.WriteNumber("dimensions"u8, dimensions);
        if (request.Truncate is { } truncate)
            writer.WriteBoolean("truncate"u8, truncate);
        if (request.Options is { } options)
        {
            writer.WritePropertyName("options"u8);
            options.WriteTo(writer);
        }
        if (request.KeepAlive is { } keepAlive)
        {
            writer.WritePropertyName("keep_alive"u8);
            keepAlive.WriteTo(writer);
        }
        writer.WriteEndObject();
    }

    public static byte[] ToBytes(EmbeddingRequest request, string workerModel, OllamaWorkerFeatures features)
        => ScratchBuffer.ToArray((request, workerModel, features), static (s, output) => Write(s.request, s.workerModel, s.features, output));
}
