namespace ModelGateway.RateLimiting;

public enum RateLimitOutcome
{
    /// <summary>Within budget; the amount was charged.</summary>
    Allowed,

    /// <summary>Over budget: 429.</summary>
    Limited,

    /// <summary>The store could not answer and limits fail open: admitted without a check.</summary>
    Unchecked,

    /// <summary>The store could not answer and limits fail closed: 503.</summary>
    Unavailable,
}

/// <summary>The answer of one budget check, with what the x-ratelimit-* headers report.</summary>
/// <param name="Remaining">What is left of the budget after this check.</param>
/// <param name="ResetAfter">Time until the whole budget is available again.</param>
/// <param name="RetryAfter">When limited: time until the request would fit.</param>
public readonly record struct RateLimitDecision(RateLimitOutcome Outcome, long Limit, long Remaining, TimeSpan ResetAfter, TimeSpan RetryAfter)
{
    public bool IsAdmitted => Outcome is RateLimitOutcome.Allowed or RateLimitOutcome.Unchecked;

    public static RateLimitDecision Unchecked(long limit) => new(RateLimitOutcome.Unchecked, limit, limit, TimeSpan.Zero, TimeSpan.Zero);

    public static RateLimitDecision Unavailable(long limit) => new(RateLimitOutcome.Unavailable, limit, 0, TimeSpan.Zero, TimeSpan.FromSeconds(1));
}
