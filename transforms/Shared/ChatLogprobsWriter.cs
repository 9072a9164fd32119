using System.Buffers;
using System.Text;
using System.Text.Json;
using ModelGateway.Transforms.Ollama;

namespace ModelGateway.Transforms.Shared;

/// <summary>
/// Native logprobs → chat <c>logprobs</c> (F10): <c>{"content":[...],"refusal":null}</c> where every entry has
/// <c>bytes</c> (native, else the token's UTF-8) and <c>top_logprobs</c> (<c>[]</c> when none).
/// </summary>
internal static class ChatLogprobsWriter
{
    public static void Write(Utf8JsonWriter writer, List<OllamaLogprob>? logprobs)
    {
        if (logprobs is not { Count: > 0 })
        {
            writer.WriteNull("logprobs"u8);
            return;
        }
        writer.WriteStartObject("logprobs"u8);
        writer.WriteStartArray("content"u8);
        foreach (var entry in logprobs)
        {
            writer.WriteStartObject();
            WriteTokenFields(writer, entry);
            writer.WriteStartArray("top_logprobs"u8);
            if (entry.TopLogprobs is { } alternatives)
            {
                foreach (var alternative in alternatives)
                {
                    writer.WriteStartObject();
                    WriteTokenFields(writer, alternative);
                    writer.WriteEndObject();
                }
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteNull("refusal"u8);
        writer.WriteEndObject();
    }

    static void WriteTokenFields(Utf8JsonWriter writer, OllamaLogprob entry)
    {
        var token = entry.Token ?? "";
        writer.WriteString("token"u8, token);
        writer.WriteNumber("logprob"u8, entry.Logprob);
        writer.WriteStartArray("bytes"u8);
        if (entry.Bytes is { } bytes)
        {
            foreach (var b in bytes)
                writer.WriteNumberValue(b);
        }
        else
        {
            var length = Encoding.UTF8.GetByteCount(token);
            var rented = length > 256 ? ArrayPool<byte>.Shared.Rent(length) : null;
            Span<byte> utf8 = rented ?? stackalloc byte[256];
            Encoding.UTF8.GetBytes(token, utf8);
            foreach (var b in utf8[..length])
                writer.WriteNumberValue(b);
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
        writer.WriteEndArray();
    }
}
