using ModelGateway.RateLimiting;

namespace ModelGateway.Authentication;

/// <summary>The authenticated caller of one request, and the rate-limit state the request has collected so far.</summary>
internal sealed class CallerIdentity : IApiKeyFeature
{
    public const string AnonymousName = "anonymous";

    public required string Name { get; init; }
    public bool IsAnonymous { get; init; }
    public bool IsAdmin { get; init; }
    public string? ClientAddress { get; init; }
    public int RequestsPerMinute { get; init; }
    public long TokensPerMinute { get; init; }
    public required ModelAllowList Models { get; init; }

    /// <summary>Whose budget the request is charged to: one per key, one per client address for anonymous callers.</summary>
    public string RateLimitPartition => IsAnonymous ? "anon:" + (ClientAddress ?? "unknown") : "key:" + Name;

    /// <summary>How errors and logs name the caller (never with the key).</summary>
    public string Description => IsAnonymous ? $"anonymous client {ClientAddress ?? "(address unknown)"}" : $"API key '{Name}'";

    /// <summary>The request-budget check of this request, so a later token rejection can repeat its headers.</summary>
    public RateLimitDecision? RequestDecision { get; set; }
}
