namespace OllamaSim.Generation;

/// <summary>A fully decided reply: the pieces to send in order, why it ends, and the token counts it reports.</summary>
public sealed class ReplyPlan
{
    public required IReadOnlyList<ReplyPiece> Pieces { get; init; }
    public required string DoneReason { get; init; }
    public required int PromptTokens { get; init; }
    public required int EvalCount { get; init; }
    /// <summary>Token ids for generate's deprecated <c>context</c> (null when raw or chat).</summary>
    public IReadOnlyList<int>? Context { get; init; }
}
