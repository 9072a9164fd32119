using ModelGateway.Authorization;
using ModelGateway.Routing;

namespace ModelGateway.Authentication;

/// <summary>Allows a model when the caller's allow list matches the requested name or the model it resolves to.</summary>
internal sealed class ApiKeyModelAccessPolicy : IModelAccessPolicy
{
    public void EnsureAllowed(HttpContext context, ModelRoute route)
    {
        // Every model-bound path goes through the key middleware; a request without a caller did not, and is refused.
        if (context.Features.Get<IApiKeyFeature>() is not { } caller) throw AccessErrors.MissingKey();
        if (!caller.Models.Allows(route)) throw AccessErrors.ModelForbidden(caller, route.RequestedName);
    }

    public bool IsAllowed(HttpContext context, ModelRoute route)
        => context.Features.Get<IApiKeyFeature>() is { } caller && caller.Models.Allows(route);
}
