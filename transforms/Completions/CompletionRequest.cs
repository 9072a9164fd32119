using System.Text.Json;
using ModelGateway.Transforms.Shared;

namespace ModelGateway.Transforms.Completions;

/// <summary>A validated legacy <c>/v1/completions</c> request, ready for <see cref="OllamaGenerateRequestWriter"/>.</summary>
public sealed class CompletionRequest
{
    /// <summary>The model name as the client sent it; responses carry this name.</summary>
    public required string Model { get; init; }
    public bool Stream { get; init; }
    public bool IncludeUsage { get; init; }
    /// <summary><c>max_tokens</c> when set. OpenAI's default of 16 is deliberately not applied (Ollama parity).</summary>
    public int? MaxTokens { get; init; }
    /// <summary>Legacy <c>logprobs</c> (0–5 alternatives) when requested; the response then carries the legacy object.</summary>
    public int? Logprobs { get; init; }
    public int PromptCharacters => Prompt.Length + (Suffix?.Length ?? 0);

    internal string Prompt { get; init; } = "";
    internal string? Suffix { get; init; }
    internal NativeOptions Options { get; init; } = new();
    internal JsonElement? KeepAlive { get; init; }
    internal ThinkSetting? Think { get; init; }
}
