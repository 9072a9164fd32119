namespace ModelGateway.Transforms.Results;

/// <summary>Token counts reported by the worker (prompt_eval_count, eval_count; absent counts are 0).</summary>
public readonly record struct UsageCounts(int PromptTokens, int CompletionTokens)
{
    public int TotalTokens => PromptTokens + CompletionTokens;
}
