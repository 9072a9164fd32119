namespace ModelGateway.Errors;

/// <summary>Which API a request speaks, and so which error shape it gets.</summary>
public enum ApiSurface
{
    /// <summary>Ollama's native API (/api/*, /): <c>{"error":"..."}</c>.</summary>
    Ollama,

    /// <summary>The OpenAI-compatible API (/v1/*): <c>{"error":{"message","type","param","code"}}</c>.</summary>
    OpenAI,
}

public static class ApiSurfaceExtensions
{
    public static ApiSurface GetApiSurface(this HttpContext context)
        => context.Request.Path.StartsWithSegments("/v1") ? ApiSurface.OpenAI : ApiSurface.Ollama;
}
