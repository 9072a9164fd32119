using System.Text.Json;
using ModelGateway.Transforms.Shared;

namespace ModelGateway.Transforms.Chat;

/// <summary>
/// A validated <c>/v1/chat/completions</c> request, ready to be written as a native <c>/api/chat</c> body
/// for any worker (<see cref="OllamaChatRequestWriter"/>). The public properties are the facts the gateway
/// routes, limits and answers by.
/// </summary>
public sealed class ChatCompletionRequest
{
    /// <summary>The model name as the client sent it (alias or worker name); responses carry this name.</summary>
    public required string Model { get; init; }
    public bool Stream { get; init; }
    /// <summary>Streamed and <c>stream_options.include_usage</c> set: a usage chunk precedes [DONE].</summary>
    public bool IncludeUsage { get; init; }
    /// <summary>Token limit (max_completion_tokens, else max_tokens); null when the client set none.</summary>
    public int? MaxTokens { get; init; }
    /// <summary>Whether tools are sent to the worker (after tool_choice was applied).</summary>
    public bool HasTools => Tools is { Count: > 0 };
    /// <summary>Whether any message carries an image.</summary>
    public bool HasImages => Messages.Exists(m => m.Images is { Count: > 0 });
    /// <summary><c>parallel_tool_calls: false</c>: the answer carries at most one tool call.</summary>
    public bool SingleToolCall { get; init; }
    /// <summary>The client asked for per-token logprobs.</summary>
    public bool Logprobs { get; init; }
    /// <summary>Characters of message text, for token-budget estimates before the worker counts.</summary>
    public int PromptCharacters { get; init; }
    /// <summary>The translated messages in request order, as the gateway's size and tool-call-order checks see them.</summary>
    public IReadOnlyList<MessageSummary> MessageSummaries =>
        Messages.ConvertAll(m => new MessageSummary(m.Role, m.Content.Length, m.Images?.Count ?? 0,
            m.ToolCalls?.ConvertAll(c => c.Id) ?? [], m.ToolCallId));
    /// <summary>The tool definitions sent to the worker (after tool_choice was applied).</summary>
    public IReadOnlyList<JsonElement> ToolDefinitions => Tools ?? [];

    internal List<NativeChatMessage> Messages { get; init; } = [];
    internal List<JsonElement>? Tools { get; init; }
    internal ChatResponseFormat Format { get; init; }
    internal NativeOptions Options { get; init; } = new();
    internal JsonElement? KeepAlive { get; init; }
    internal ThinkSetting? Think { get; init; }
    internal bool? LogprobsField { get; init; }
    internal int? TopLogprobs { get; init; }

    /// <summary>One message: native role (developer → system, function → tool), text length, images, tool-call ids.</summary>
    public sealed record MessageSummary(string Role, int ContentLength, int ImageCount, IReadOnlyList<string?> ToolCallIds, string? ToolCallId);
}
