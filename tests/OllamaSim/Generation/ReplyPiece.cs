using System.Text.Json.Nodes;

namespace OllamaSim.Generation;

/// <summary>What one stream line carries: a token of thinking or content, or the tool calls (sent whole, in one line).</summary>
public sealed record ReplyPiece(string Content, string Thinking = "", IReadOnlyList<ToolCallOut>? ToolCalls = null, TokenLogprob? Logprob = null);

/// <summary>A generated tool call; <see cref="Id"/> is null for versions before 0.12.10.</summary>
public sealed record ToolCallOut(string? Id, int Index, string Name, JsonObject Arguments);

/// <summary>Log probability of a generated token with its alternatives (§9).</summary>
public sealed record TokenLogprob(string Token, double Logprob, IReadOnlyList<(string Token, double Logprob)> Top);
