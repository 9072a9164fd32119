using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using ModelGateway.Authorization;
using ModelGateway.Configuration;
using ModelGateway.Inventory;
using ModelGateway.Routing;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace ModelGateway.Ollama;

/// <summary>
/// Answers the per-machine Ollama endpoints for the whole fleet: /api/tags and /api/ps are the union over healthy
/// workers, each model once (the newest <c>modified_at</c> wins for tags, the latest <c>expires_at</c> for ps, as instants), with
/// configured aliases listed as models of their own, limited to the models the caller may use (and, without discovery,
/// to configured ones); /api/version is the lowest version in the fleet.
/// </summary>
internal sealed class FleetAggregator
{
    readonly IProxyStateLookup _proxyState;
    readonly IModelRouter _router;
    readonly IWorkerInventoryStore _inventory;
    readonly IOptionsMonitor<InventoryOptions> _options;
    readonly IModelAccessPolicy _access;

    public FleetAggregator(IProxyStateLookup proxyState, IModelRouter router, IWorkerInventoryStore inventory,
        IOptionsMonitor<InventoryOptions> options, IModelAccessPolicy access)
    {
        _access = access;
        _proxyState = proxyState;
        _router = router;
        _inventory = inventory;
        _options = options;
    }

    /// <summary>The fleet's installed models (and aliases) that the caller may use.</summary>
    public async Task<JsonObject> TagsAsync(HttpContext context)
    {
        var merged = await MergeAsync("api/tags", "modified_at", context.RequestAborted);
        AddAliases(merged);
        return Wrap(NewestFirst(Visible(context, merged), "modified_at"));
    }

    /// <summary>The fleet's loaded models that the caller may use.</summary>
    public async Task<JsonObject> RunningAsync(HttpContext context)
    {
        var merged = await MergeAsync("api/ps", "expires_at", context.RequestAborted);
        return Wrap(NewestFirst(Visible(context, merged), "expires_at"));
    }

    IEnumerable<JsonObject> Visible(HttpContext context, Dictionary<string, JsonObject> merged)
    {
        foreach (var model in merged.Values)
        {
            if (NameOf(model) is { } name && _router.Resolve(name) is { } route && _access.IsAllowed(context, route))
                yield return model;
        }
    }

    public JsonObject Version()
    {
        var lowest = _inventory.All.Select(i => i.Version).Where(v => v is not null)
            .OrderBy(v => OllamaVersion.Parse(v!)).FirstOrDefault();
        return new JsonObject { ["version"] = lowest ?? "0.0.0" };
    }

    async Task<Dictionary<string, JsonObject>> MergeAsync(string path, string newestField, CancellationToken cancellationToken)
    {
        var fetches = new List<Task<JsonArray?>>();
        foreach (var cluster in _proxyState.GetClusters())
        {
            var protocol = cluster.Model.Config.Metadata?.GetValueOrDefault("Protocol");
            if (protocol is not null && !string.Equals(protocol, WorkerProtocolNames.Ollama, StringComparison.OrdinalIgnoreCase)) continue;
            foreach (var destination in cluster.DestinationsState.AvailableDestinations)
                fetches.Add(FetchModelsAsync(cluster, destination, path, cancellationToken));
        }
        return Merge(await Task.WhenAll(fetches), newestField);
    }

    /// <summary>Each model once (by its normalised name): the entry whose <paramref name="newestField"/> is the latest instant.</summary>
    internal static Dictionary<string, JsonObject> Merge(IEnumerable<JsonArray?> workersModels, string newestField)
    {
        var merged = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var models in workersModels)
        {
            if (models is null) continue;
            foreach (var node in models)
            {
                if (node is not JsonObject model || NameOf(model) is not { } name) continue;
                var key = ModelName.Normalize(name);
                if (!merged.TryGetValue(key, out var existing)
                    || OllamaTimestampOrder.Instance.Compare(model[newestField], existing[newestField]) > 0)
                    merged[key] = model;
            }
        }
        return merged;
    }

    /// <summary>The entry's name (or model) when a worker sent it as a string; an entry without one is left out.</summary>
    static string? NameOf(JsonObject model)
        => Text(model["name"]) ?? Text(model["model"]);

    static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>Latest instant of <paramref name="field"/> first; each entry keeps its worker's own text.</summary>
    internal static IEnumerable<JsonObject> NewestFirst(IEnumerable<JsonObject> models, string field)
        => models.OrderByDescending(m => m[field], OllamaTimestampOrder.Instance);

    void AddAliases(Dictionary<string, JsonObject> merged)
    {
        foreach (var alias in _router.ListServedModels().Where(m => m.IsAlias))
        {
            var key = ModelName.Normalize(alias.Name);
            if (merged.ContainsKey(key) || !merged.TryGetValue(ModelName.Normalize(alias.WorkerModel), out var target)) continue;
            var copy = (JsonObject)target.DeepClone();
            var display = alias.Name.Contains(':') ? alias.Name : alias.Name + ":latest";
            copy["name"] = display;
            copy["model"] = display;
            merged[key] = copy;
        }
    }

    async Task<JsonArray?> FetchModelsAsync(ClusterState cluster, DestinationState destination, string path, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.CurrentValue.RequestTimeout);
        try
        {
            var address = destination.Model.Config.Address;
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(address.EndsWith('/') ? address : address + "/"), path));
            using var response = await cluster.Model.HttpClient.SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode) return null;
            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            var body = await JsonNode.ParseAsync(stream, cancellationToken: timeout.Token);
            return body?["models"] as JsonArray is { } models ? (JsonArray)models.DeepClone() : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or JsonException && !cancellationToken.IsCancellationRequested)
        {
            // A worker that cannot answer contributes nothing; the others still do.
            return null;
        }
    }

    static JsonObject Wrap(IEnumerable<JsonObject> models)
    {
        var array = new JsonArray();
        foreach (var model in models)
        {
            model.Parent?.AsArray().Remove(model);
            array.Add(model);
        }
        return new JsonObject { ["models"] = array };
    }
}
