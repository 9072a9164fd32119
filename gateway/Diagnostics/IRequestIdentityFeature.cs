namespace ModelGateway.Diagnostics;

/// <summary>
/// Who sent the request, as far as metrics and request logs need to know. Set by the API-key authentication
/// middleware (as an HttpContext feature) once it has accepted a key; the key's configured name only, never the key.
/// </summary>
public interface IRequestIdentityFeature
{
    /// <summary>The configured name of the API key that authenticated the request.</summary>
    string KeyName { get; }
}
