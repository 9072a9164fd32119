namespace ModelGateway.Diagnostics;

/// <summary>The <c>surface</c> label of a request: which API it spoke.</summary>
internal static class RequestSurface
{
    public const string OpenAI = "openai";
    public const string Ollama = "ollama";

    /// <summary>The gateway's own operational endpoints: metrics, liveness, readiness, the OpenAPI document.</summary>
    public const string Gateway = "gateway";

    public const string Other = "other";

    public static string Of(PathString path)
    {
        if (path.StartsWithSegments("/v1")) return OpenAI;
        if (path.StartsWithSegments("/api") || path == "/" || !path.HasValue) return Ollama;
        if (path.StartsWithSegments("/metrics") || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz")
            || path.StartsWithSegments(ApiDescription.OpenApiEndpointRouteBuilderExtensions.DocumentPath)) return Gateway;
        return Other;
    }
}
