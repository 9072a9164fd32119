namespace ModelGateway.RateLimiting;

/// <summary>Options of the <c>RateLimits</c> section (documented in docs/rate-limits.md); budgets themselves are per key.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Every budget is a sliding window of this length (the "per minute").</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>Share budgets through Redis when Redis:Endpoint is set; false keeps them per instance.</summary>
    public bool UseRedis { get; set; } = true;

    /// <summary>What happens while Redis cannot answer: Open admits requests unchecked, Closed refuses them (503).</summary>
    public RateLimitFailureMode FailureMode { get; set; } = RateLimitFailureMode.Open;

    /// <summary>Longest wait for Redis on one check before it counts as a failure.</summary>
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often, at most, a Redis outage is logged as a warning.</summary>
    public TimeSpan FailureLogInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Reply tokens reserved at admission when the request sets no limit (num_predict / max_tokens).</summary>
    public int DefaultMaxTokens { get; set; } = 1024;

    /// <summary>Request-body bytes per prompt token for the admission estimate.</summary>
    public double BytesPerToken { get; set; } = 4;
}
