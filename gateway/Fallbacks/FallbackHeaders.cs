namespace ModelGateway.Fallbacks;

/// <summary>Response headers of a reply that a fallback model answered.</summary>
public static class FallbackHeaders
{
    /// <summary>The model that answered, as named in the requested model's <c>Fallbacks</c>; absent when the requested model did.</summary>
    public const string Model = "X-ModelGateway-Model";
}
