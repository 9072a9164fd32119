using System.Text.Json;

namespace ModelGateway.Validation.Ollama;

/// <summary>The fields of a legacy native /api/embeddings body the gateway checks.</summary>
internal sealed class OllamaEmbeddingsBody
{
    public string? Prompt { get; set; }
    public JsonElement? Options { get; set; }
    public JsonElement? KeepAlive { get; set; }
}
