namespace ModelGateway.Authentication;

/// <summary>
/// Who is calling, set on <see cref="HttpContext.Features"/> once the request is authenticated. Carries the key's
/// name (for logs and metrics), never the key.
/// </summary>
public interface IApiKeyFeature
{
    /// <summary>The configured key name, or <c>anonymous</c>.</summary>
    string Name { get; }

    bool IsAnonymous { get; }

    /// <summary>May call Ollama's model-management endpoints.</summary>
    bool IsAdmin { get; }

    /// <summary>The client's address (through trusted proxies), or null when unknown.</summary>
    string? ClientAddress { get; }

    /// <summary>0 = unlimited.</summary>
    int RequestsPerMinute { get; }

    /// <summary>0 = unlimited.</summary>
    long TokensPerMinute { get; }

    ModelAllowList Models { get; }
}
