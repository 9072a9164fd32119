using System.Buffers;
using System.Text.Json.Nodes;
using ModelGateway.Authorization;
using ModelGateway.Errors;
using ModelGateway.Ollama;
using ModelGateway.Routing;
using ModelGateway.Transforms.Models;

namespace ModelGateway.OpenAI;

/// <summary>
/// GET /v1/models and /v1/models/{id}: every name the gateway answers to (configured models, their aliases, and with
/// discovery every model a worker has), dated by the workers' <c>modified_at</c>.
/// </summary>
internal sealed class ModelsEndpoint
{
    static readonly DateTimeOffset Started = DateTimeOffset.UtcNow;
    readonly IModelRouter _router;
    readonly FleetAggregator _fleet;
    readonly OpenAIModelResolver _resolver;
    readonly IModelAccessPolicy _access;

    public ModelsEndpoint(IModelRouter router, FleetAggregator fleet, OpenAIModelResolver resolver, IModelAccessPolicy access)
    {
        _access = access;
        _router = router;
        _fleet = fleet;
        _resolver = resolver;
    }

    public async Task ListAsync(HttpContext context)
    {
        var modified = await ModifiedAtAsync(context);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var models = new List<OpenAIModel>();
        foreach (var served in _router.ListServedModels())
        {
            var route = new ModelRoute(served.Name, served.WorkerModel, served.ClusterId, IsConfigured: true);
            if (_access.IsAllowed(context, route) && seen.Add(ModelName.Normalize(served.Name)))
                models.Add(Describe(served.Name, served.WorkerModel, modified));
        }
        await WriteAsync(context, output => OpenAIModelListWriter.WriteList(models, output));
    }

    public async Task GetAsync(HttpContext context, string id)
    {
        try
        {
            var route = _resolver.Resolve(context, id);
            var modified = await ModifiedAtAsync(context);
            var model = Describe(route.RequestedName, route.WorkerModel, modified);
            await WriteAsync(context, output => OpenAIModelListWriter.WriteModel(model, output));
        }
        catch (GatewayException ex)
        {
            await ApiErrorResponder.WriteAsync(context, ex);
        }
    }

    static OpenAIModel Describe(string id, string workerModel, IReadOnlyDictionary<string, string?> modified)
        => modified.TryGetValue(ModelName.Normalize(workerModel), out var at) && at is not null
            ? OpenAIModel.FromOllama(id, at)
            : OpenAIModel.FromOllama(id, Started.ToString("O"));

    async Task<IReadOnlyDictionary<string, string?>> ModifiedAtAsync(HttpContext context)
    {
        var tags = await _fleet.TagsAsync(context);
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var node in tags["models"]!.AsArray())
        {
            if (node is JsonObject model && (string?)model["name"] is { } name)
                result.TryAdd(ModelName.Normalize(name), (string?)model["modified_at"]);
        }
        return result;
    }

    static async Task WriteAsync(HttpContext context, Action<IBufferWriter<byte>> write)
    {
        var output = new ArrayBufferWriter<byte>(1024);
        write(output);
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(output.WrittenMemory, context.RequestAborted);
    }
}
