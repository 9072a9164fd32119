namespace OllamaSim.Inference;

/// <summary>The six metrics of a final line; durations in nanoseconds. Zero values are omitted on the wire (Go's omitempty).</summary>
public readonly record struct ReplyMetrics(long TotalNs, long LoadNs, int PromptEvalCount, long PromptEvalNs, int EvalCount, long EvalNs);
