namespace ModelGateway.RateLimiting;

/// <summary>How shared rate limiting behaves while its Redis store cannot answer.</summary>
public enum RateLimitFailureMode
{
    /// <summary>Requests go through unchecked (availability first).</summary>
    Open,

    /// <summary>Requests are refused with 503 until Redis answers again (budgets first).</summary>
    Closed,
}
