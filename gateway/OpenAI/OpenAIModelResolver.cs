using ModelGateway.Authorization;
using ModelGateway.Configuration;
using ModelGateway.Errors;
using ModelGateway.Fallbacks;
using ModelGateway.Inventory;
using ModelGateway.Routing;
using ModelGateway.Transforms.Ollama;
using Yarp.ReverseProxy;

namespace ModelGateway.OpenAI;

/// <summary>
/// The steps every /v1 model request shares after parsing: resolve the model (404 listing what the caller may use),
/// check the caller may use it, and learn what the cluster's workers speak and support.
/// </summary>
internal sealed partial class OpenAIModelResolver
{
    const int ListedModels = 25;
    readonly IModelRouter _router;
    readonly IModelAccessPolicy _access;
    readonly IWorkerInventoryStore _inventory;
    readonly IProxyStateLookup _proxyState;
    readonly ILogger<OpenAIModelResolver> _logger;

    public OpenAIModelResolver(IModelRouter router, IModelAccessPolicy access, IWorkerInventoryStore inventory, IProxyStateLookup proxyState,
        ILogger<OpenAIModelResolver> logger)
    {
        _logger = logger;
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

    /// <summary>
    /// The route of the model a virtual model's rules choose for this request, which the caller must also be allowed to
    /// use (the virtual name was checked by <see cref="Resolve"/>). The reply names the chosen model, as it does a fallback.
    /// </summary>
    public ModelRoute Choose(HttpContext context, ModelRoute requested, VirtualModel chooser, in RequestTraits traits)
    {
        var chosen = chooser.Choose(traits);
        var route = _router.Resolve(chosen);
        if (route is null || route.Virtual is not null)
            throw new GatewayException(StatusCodes.Status503ServiceUnavailable,
                $"The model `{requested.RequestedName}` chose `{chosen}` for this request, and no worker serves it now.",
                "server_error", code: "model_not_available", retryAfter: TimeSpan.FromSeconds(1));
        _access.EnsureAllowed(context, route);
        context.Response.Headers[FallbackHeaders.Model] = route.RequestedName;
        Log.Chose(_logger, requested.RequestedName, context.TraceIdentifier, route.RequestedName, traits.HasImages, traits.HasTools, traits.PromptTokens);
        return route;
    }

    /// <summary>True when the model's cluster speaks OpenAI itself, so /v1 requests pass through untranslated.</summary>
    public bool SpeaksOpenAI(ModelRoute route)
        => _proxyState.TryGetCluster(route.ClusterId, out var cluster)
           && string.Equals(cluster.Model.Config.Metadata?.GetValueOrDefault("Protocol"), WorkerProtocolNames.OpenAI, StringComparison.OrdinalIgnoreCase);

    /// <summary>What the oldest worker of the cluster supports (think levels, logprobs, embedding dimensions).</summary>
    public OllamaWorkerFeatures FeaturesFor(ModelRoute route) => OllamaWorkerFeatures.FromVersion(_inventory.LowestVersion(route.ClusterId));

    static partial class Log
    {
        [LoggerMessage(EventId = 130, Level = LogLevel.Debug, Message = "Virtual model {Model} sent request {RequestId} to {Chosen} (images {HasImages}, tools {HasTools}, about {PromptTokens} prompt tokens)")]
        public static partial void Chose(ILogger logger, string model, string requestId, string chosen, bool hasImages, bool hasTools, long promptTokens);
    }
}
