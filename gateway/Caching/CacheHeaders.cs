namespace ModelGateway.Caching;

/// <summary>Header names and values of the response cache (documented in docs/caching.md).</summary>
public static class CacheHeaders
{
    /// <summary>Response header: <see cref="Hit"/>, <see cref="Miss"/> or <see cref="Bypass"/>.</summary>
    public const string Status = "X-Cache";

    public const string Hit = "HIT";

    /// <summary>Looked up, not found: a worker answered (and the reply is stored when it completes).</summary>
    public const string Miss = "MISS";

    /// <summary>Not looked up: not cacheable, <c>Cache-Control: no-cache</c>, or the store failed or was too slow.</summary>
    public const string Bypass = "BYPASS";

    /// <summary>Request header; <see cref="OptInValue"/> caches a request even when its answer may vary.</summary>
    public const string OptIn = "X-ModelGateway-Cache";

    public const string OptInValue = "always";
}
