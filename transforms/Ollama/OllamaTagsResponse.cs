namespace ModelGateway.Transforms.Ollama;

/// <summary>The native <c>GET /api/tags</c> reply.</summary>
internal sealed class OllamaTagsResponse
{
    public List<OllamaModelEntry>? Models { get; set; }
}
