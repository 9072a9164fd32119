using System.Buffers;
using System.Text.Json;
using ModelGateway.Transforms.Ollama;
using ModelGateway.Transforms.Serialization;

namespace ModelGateway.Transforms.Completions;

/// <summary>Writes the native <c>POST /api/generate</c> body for one worker.</summary>
public static class OllamaGenerateRequestWriter
{
    public static void Write(CompletionRequest request, string workerModel, OllamaWorkerFeatures features, IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output, JsonWriting.Options);
        writer.WriteStartObject();
        writer.WriteString("model"u8, workerModel);
        writer.WriteString("prompt"u8, request.Prompt);
        if (request.Suffix is not null)
            writer.WriteString("suffix"u8, request.Suffix);
        writer.WriteBoolean("stream"u8, request.Stream);
        request.Options.WriteTo(writer);
        if (request.KeepAlive is { } keepAlive)
        {
            writer.WritePropertyName("keep_alive"u8);
            keepAlive.WriteTo(writer);
        }
        request.Think?.WriteTo(writer, features);
        if (request.Logprobs is { } logprobs && features.SupportsLogprobs)
        {
            writer.WriteBoolean("logprobs"u8, true);
            if (logprobs > 0)
                writer.WriteNumber("top_logprobs"u8, logprobs);
        }
        writer.WriteEndObject();
    }

    public static byte[] ToBytes(CompletionRequest request, string workerModel, OllamaWorkerFeatures features)
        => ScratchBuffer.ToArray((request, workerModel, features), static (s, output) => Write(s.request, s.workerModel, s.features, output));
}
