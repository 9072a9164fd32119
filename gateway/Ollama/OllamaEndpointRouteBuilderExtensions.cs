namespace ModelGateway.Ollama;

public static class OllamaEndpointRouteBuilderExtensions
{
    /// <summary>Management endpoints change a worker's disk: only admin keys may call them (<see cref="OllamaManagementHandler"/>).</summary>
    internal static readonly string[] ManagementPaths = ["/api/pull", "/api/push", "/api/delete", "/api/create", "/api/copy"];

    const string PlainText = "text/plain; charset=utf-8";

    /// <summary>Maps Ollama's native API: model-bound endpoints routed across the fleet, per-machine ones aggregated.</summary>
    /// <remarks>Plain <see cref="RequestDelegate"/>s over singletons resolved once, for the reason given on the OpenAI surface's mapping.</remarks>
    public static IEndpointRouteBuilder MapOllamaApi(this IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        var passthrough = services.GetRequiredService<OllamaPassthroughHandler>();
        var fleet = services.GetRequiredService<FleetAggregator>();
        var management = services.GetRequiredService<OllamaManagementHandler>();

        var group = endpoints.MapGroup("").WithTags("Ollama");
        var methodBound = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var endpoint in OllamaEndpoint.All)
        {
            var e = endpoint;
            group.MapPost(e.Path, context => passthrough.HandleAsync(context, e));
            methodBound.Add(e.Path);
        }

        group.MapMethods("/", ["GET", "HEAD"], context => Results.Text("Ollama is running", PlainText).ExecuteAsync(context));
        group.MapMethods("/api/version", ["GET", "HEAD"], context => Results.Json(fleet.Version()).ExecuteAsync(context));
        group.MapMethods("/api/tags", ["GET", "HEAD"], async context => await Results.Json(await fleet.TagsAsync(context)).ExecuteAsync(context));
        group.MapGet("/api/ps", async context => await Results.Json(await fleet.RunningAsync(context)).ExecuteAsync(context));
        methodBound.UnionWith(["/api/version", "/api/tags", "/api/ps"]);

        foreach (var path in ManagementPaths)
            group.Map(path, management.HandleAsync);
        group.Map("/api/blobs/{digest}", management.HandleAsync);

        // Ollama's router (gin) answers these in text, and its clients show that text as the error; routing's own
        // 404/405 have empty bodies. A fallback takes every method, so it also tells a known path's wrong method apart.
        group.MapFallback("/api/{**path}", context => UnmatchedAsync(context, methodBound));
        return endpoints;
    }

    static Task UnmatchedAsync(HttpContext context, HashSet<string> methodBound)
    {
        var path = context.Request.Path.Value?.TrimEnd('/') ?? "";
        var (status, text) = methodBound.Contains(path)
            ? (StatusCodes.Status405MethodNotAllowed, "405 method not allowed")
            : (StatusCodes.Status404NotFound, "404 page not found");
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync(text);
    }
}
