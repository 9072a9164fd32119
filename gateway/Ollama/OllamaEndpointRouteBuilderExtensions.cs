namespace ModelGateway.Ollama;

public static class OllamaEndpointRouteBuilderExtensions
{
    /// <summary>Management endpoints change a worker's disk: only admin keys may call them (<see cref="OllamaManagementHandler"/>).</summary>
    static readonly string[] ManagementPaths = ["/api/pull", "/api/push", "/api/delete", "/api/create", "/api/copy"];

    /// <summary>Maps Ollama's native API: model-bound endpoints routed across the fleet, per-machine ones aggregated.</summary>
    public static IEndpointRouteBuilder MapOllamaApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("").WithTags("Ollama");
        foreach (var endpoint in OllamaEndpoint.All)
        {
            var e = endpoint;
            group.MapPost(e.Path, (HttpContext context, OllamaPassthroughHandler handler) => handler.HandleAsync(context, e));
        }

        group.MapMethods("/", ["GET", "HEAD"], () => Results.Text("Ollama is running", "text/plain; charset=utf-8"));
        group.MapMethods("/api/version", ["GET", "HEAD"], (FleetAggregator fleet) => Results.Json(fleet.Version()));
        group.MapMethods("/api/tags", ["GET", "HEAD"], async (FleetAggregator fleet, HttpContext context) => Results.Json(await fleet.TagsAsync(context)));
        group.MapGet("/api/ps", async (FleetAggregator fleet, HttpContext context) => Results.Json(await fleet.RunningAsync(context)));

        foreach (var path in ManagementPaths)
            group.Map(path, (HttpContext context, OllamaManagementHandler handler) => handler.HandleAsync(context));
        group.Map("/api/blobs/{digest}", (HttpContext context, OllamaManagementHandler handler) => handler.HandleAsync(context));
        return endpoints;
    }
}
