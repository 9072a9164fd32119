namespace ModelGateway.Transforms.Ollama;

/// <summary>One entry of <c>GET /api/tags</c> (the fields the gateway uses).</summary>
public sealed class OllamaModelEntry
{
    public string? Name { get; set; }
    public string? Model { get; set; }
    public string? ModifiedAt { get; set; }
    public long Size { get; set; }
    public string? Digest { get; set; }
}
