namespace ModelGateway.RateLimiting;

/// <summary>The two budgets: requests per minute and tokens per minute.</summary>
public enum RateLimitKind
{
    Requests,
    Tokens,
}

public static class RateLimitKindExtensions
{
    /// <summary>The word OpenAI uses in header names and in the error <c>type</c>.</summary>
    public static string Word(this RateLimitKind kind) => kind == RateLimitKind.Requests ? "requests" : "tokens";
}
