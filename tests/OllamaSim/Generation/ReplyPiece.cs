namespace OllamaSim.Generation;

/// <summary>What one stream line carries: a token of thinking or content, or the tool calls (sent whole, in one line).</summary>
public sealed record ReplyPiece(string Content, string Thinking = "", IReadOnlyList<ToolCallOut>? ToolCalls = null, TokenLogprob? Logprob = null);
