using ModelGateway.Authorization;
using ModelGateway.Configuration;
using ModelGateway.Errors;
using ModelGateway.Inventory;
using ModelGateway.Routing;
using ModelGateway.Transforms.Ollama;
using Yarp.ReverseProxy;

namespace ModelGateway.OpenAI;

/// <summary>
/// The steps every /v1 model request shares after parsing: resolve the model (404 listing what the caller may use),
/// check the caller may use it, and learn what the cluster's workers speak and support.
/// </summary>
internal sealed class OpenAIModelResolver
{
    const int ListedModels = 25;
    readonly IModelRouter _router;
    readonly IModelAccessPolicy _access;
    readonly IWorkerInventoryStore _inventory;
    readonly IProxyStateLookup _proxyState;

    public OpenAIModelResolver(IModelRouter router, IModelAccessPolicy access, IWorkerInventoryStore inventory, IProxyStateLookup proxyState)
    {
        _router = router;
        _access = access;
        _inventory = inventory;
        _proxyState = proxyState;
    }

    /// <summary>The route for the model the client asked for; throws a 404 (model_not_found) or 403 otherwise.</summary>
    public ModelRoute Resolve(HttpContext context, string model)
    {
        var route = ModelName.IsValid(model) ? _router.Resolve(model) : null;
        if (route is null)
        {
            // Only what this caller may use: a key limited to some models must not learn the rest of the fleet.
            var served = _router.ListServedModels()
                .Where(m => _access.IsAllowed(context, new ModelRoute(m.Name, m.WorkerModel, m.ClusterId, IsConfigured: true)))
                .Select(m => m.Name).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
            var listed = served.Count == 0 ? "none" : string.Join(", ", served.Take(ListedModels)) + (served.Count > ListedModels ? $" (and {served.Count - ListedModels} more)" : "");
            throw new GatewayException(StatusCodes.Status404NotFound,
                $"The model `{model}` does not exist or you do not have access to it. Models served: {listed}.",
                param: "model", code: "model_not_found");
        }
        _access.EnsureAllowed(context, route);
        return route;
    }

    /// <summary>True when the model's cluster speaks OpenAI itself, so /v1 requests pass through untranslated.</summary>
    public bool SpeaksOpenAI(ModelRoute route)
        => _proxyState.TryGetCluster(route.ClusterId, out var cluster)
           && string.Equals(cluster.Model.Config.Metadata?.GetValueOrDefault("Protocol"), WorkerProtocolNames.OpenAI, StringComparison.OrdinalIgnoreCase);

    /// <summary>What the oldest worker of the cluster supports (think levels, logprobs, embedding dimensions).</summary>
    public OllamaWorkerFeatures FeaturesFor(ModelRoute route) => OllamaWorkerFeatures.FromVersion(_inventory.LowestVersion(route.ClusterId));
}
