using System.Buffers;
using System.Text.Json;
using ModelGateway.Transforms.Ollama;
using ModelGateway.Transforms.Serialization;

namespace ModelGateway.Transforms.Chat;

/// <summary>
/// Writes the native <c>POST /api/chat</c> body for one worker: its model name (alias already resolved by
/// the gateway) and its release's features. <c>stream</c> is always explicit; nothing the client left out
/// is added.
/// </summary>
public static class OllamaChatRequestWriter
{
    public static void Write(ChatCompletionRequest request, string workerModel, OllamaWorkerFeatures features, IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output, JsonWriting.Options);
        writer.WriteStartObject();
        writer.WriteString("model"u8, workerModel);
        writer.WriteStartArray("messages"u8);
        foreach (var message in request.Messages)
            message.WriteTo(writer);
        writer.WriteEndArray();
        writer.WriteBoolean("stream"u8, request.Stream);
        if (request.Tools is { Count: > 0 } tools)
        {
            writer.WriteStartArray("tools"u8);
            foreach (var tool in tools)
                tool.WriteTo(writer);
            writer.WriteEndArray();
        }
        request.Format.WriteTo(writer);
        request.Options.WriteTo(writer);
        if (request.KeepAlive is { } keepAlive)
        {
            writer.WritePropertyName("keep_alive"u8);
            keepAlive.WriteTo(writer);
        }
        request.Think?.WriteTo(writer, features);
        // Workers before v0.12.11 ignore logprobs; the response then carries "logprobs": null.
        if (features.SupportsLogprobs)
        {
            if (request.LogprobsField is { } logprobs)
                writer.WriteBoolean("logprobs"u8, logprobs);
            if (request.TopLogprobs is { } top)
                writer.WriteNumber("top_logprobs"u8, top);
        }
        writer.WriteEndObject();
    }

    public static byte[] ToBytes(ChatCompletionRequest request, string workerModel, OllamaWorkerFeatures features)
        => ScratchBuffer.ToArray((request, workerModel, features), static (s, output) => Write(s.request, s.workerModel, s.features, output));
}
