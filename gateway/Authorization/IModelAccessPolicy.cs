using ModelGateway.Routing;

namespace ModelGateway.Authorization;

/// <summary>
/// Decides whether the caller may use a model. Surfaces call it once the model is resolved, before any cache
/// lookup or worker call; a refusal is a <see cref="Errors.GatewayException"/> (403).
/// </summary>
public interface IModelAccessPolicy
{
    void EnsureAllowed(HttpContext context, ModelRoute route);

    /// <summary>For listings (/api/tags, /v1/models): whether the caller may see the model at all.</summary>
    bool IsAllowed(HttpContext context, ModelRoute route);
}

/// <summary>Used until access control is configured: every model is open.</summary>
internal sealed class OpenModelAccessPolicy : IModelAccessPolicy
{
    public void EnsureAllowed(HttpContext context, ModelRoute route) { }

    public bool IsAllowed(HttpContext context, ModelRoute route) => true;
}
