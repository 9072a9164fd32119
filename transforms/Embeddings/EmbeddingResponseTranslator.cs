using System.Buffers;
using System.Text.Json;
using ModelGateway.Transforms.Results;
using ModelGateway.Transforms.Serialization;
using ModelGateway.Transforms.Shared;

namespace ModelGateway.Transforms.Embeddings;

/// <summary>Native <c>/api/embed</c> reply → OpenAI embedding list (F11), float or base64.</summary>
public static class EmbeddingResponseTranslator
{
    /// <param name="model">The model name the reply carries; the one the client asked for when null.</param>
    public static ResponseTranslation Translate(ReadOnlySpan<byte> nativeJson, EmbeddingRequest request, IBufferWriter<byte> output, string? model = null)
    {
        if (!NativeLineReader.TryRead(nativeJson, TransformsJsonContext.Default.OllamaEmbedResponse, out var native))
            return ResponseTranslation.Failure("the worker sent a response that is not valid JSON");
        if (native!.Error is { } error)
            return ResponseTranslation.Failure(error);
        // Ollama's own layer answers an empty object here; a missing or short list is a worker fault.
        if (native.Embeddings is not { } embeddings || embeddings.Length != request.InputCount)
            return ResponseTranslation.Failure(
                $"the worker returned {native.Embeddings?.Length ?? 0} embeddings for {request.InputCount} inputs");

        var usage = new UsageCounts(native.PromptEvalCount ?? 0, 0);
        var scratch = request.Dimensions is { } d ? ArrayPool<float>.Shared.Rent(d) : null;
        try
        {
            using var writer = new Utf8JsonWriter(output, JsonWriting.Options);
            writer.WriteStartObject();
            writer.WriteString("object"u8, "list"u8);
            writer.WriteStartArray("data"u8);
            for (var i = 0; i < embeddings.Length; i++)
            {
                var vector = EmbeddingVector.Shorten(embeddings[i] ?? [], request.Dimensions, scratch);
                writer.WriteStartObject();
                writer.WriteString("object"u8, "embedding"u8);
                if (request.Base64) EmbeddingVector.WriteBase64(writer, vector);
                else EmbeddingVector.WriteFloats(writer, vector);
                writer.WriteNumber("index"u8, i);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteString("model"u8, model ?? request.Model);
            writer.WriteStartObject("usage"u8);
            writer.WriteNumber("prompt_tokens"u8, usage.PromptTokens);
            writer.WriteNumber("total_tokens"u8, usage.PromptTokens);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.Flush();
        }
        finally
        {
            if (scratch is not null)
                ArrayPool<float>.Shared.Return(scratch);
        }
        return ResponseTranslation.Success(usage);
    }
}
