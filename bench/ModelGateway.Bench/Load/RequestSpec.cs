using System.Text;
using System.Text.Json;

namespace ModelGateway.Bench.Load;

/// <summary>One kind of request a phase sends over and over: where, in which format, streamed or not.</summary>
public sealed record RequestSpec(Uri Uri, WireFormat Format, bool Stream, byte[] Body, string? ApiKey)
{
    public const string Prompt = "Tell me something short about harbors.";

    public static RequestSpec Chat(string baseUrl, WireFormat format, string model, bool stream, string? apiKey = null)
    {
        var path = format == WireFormat.OllamaChat ? "/api/chat" : "/v1/chat/completions";
        var body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["model"] = model,
            ["messages"] = new[] { new Dictionary<string, string> { ["role"] = "user", ["content"] = Prompt } },
            ["stream"] = stream,
        });
        return new RequestSpec(new Uri(baseUrl.TrimEnd('/') + path), format, stream, Encoding.UTF8.GetBytes(body), apiKey);
    }

    /// <summary>True when the end of the body shows a complete answer of this format.</summary>
    public bool IsComplete(ReadOnlySpan<byte> tail)
    {
        var text = Encoding.UTF8.GetString(tail).TrimEnd();
        return (Format, Stream) switch
        {
            (WireFormat.OllamaChat, true) => LastLine(text).Contains("\"done\":true", StringComparison.Ordinal),
            (WireFormat.OllamaChat, false) => text.EndsWith('}') && text.Contains("\"done\":true", StringComparison.Ordinal),
            (WireFormat.OpenAIChat, true) => text.EndsWith("data: [DONE]", StringComparison.Ordinal),
            _ => text.EndsWith('}') && text.Contains("\"finish_reason\":\"", StringComparison.Ordinal),
        };
    }

    static string LastLine(string text)
    {
        var newline = text.LastIndexOf('\n');
        return newline < 0 ? text : text[(newline + 1)..];
    }
}
