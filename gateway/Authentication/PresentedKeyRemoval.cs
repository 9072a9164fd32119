using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace ModelGateway.Authentication;

/// <summary>
/// Takes the caller's gateway key off every request YARP forwards (the extra <c>ReverseProxy:Routes</c>): the key
/// is a credential for the gateway, which has already checked it, and must not reach an upstream's logs or code.
/// The removal runs before a route's own transforms, so a route can still set the upstream's own Authorization.
/// </summary>
internal sealed class PresentedKeyRemoval : ITransformProvider
{
    public void ValidateRoute(TransformRouteValidationContext context) { }

    public void ValidateCluster(TransformClusterValidationContext context) { }

    public void Apply(TransformBuilderContext context)
    {
        context.RequestTransforms.Insert(0, new RequestHeaderRemoveTransform(ApiKeyAuthenticator.XApiKeyHeader));
        context.RequestTransforms.Insert(0, new RequestHeaderRemoveTransform("Authorization"));
    }
}
