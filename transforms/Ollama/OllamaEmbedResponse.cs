namespace ModelGateway.Transforms.Ollama;

/// <summary>The native /api/embed reply.</summary>
internal sealed class OllamaEmbedResponse
{
    public float[][]? Embeddings { get; set; }
    public int? PromptEvalCount { get; set; }
    public string? Error { get; set; }
}
