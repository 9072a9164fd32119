using System.Text.Json;

namespace ModelGateway.Validation.Ollama;

/// <summary>The fields of a native /api/embed body the gateway checks.</summary>
internal sealed class OllamaEmbedBody
{
    public JsonElement? Input { get; set; }
    public bool? Truncate { get; set; }
    public int? Dimensions { get; set; }
    public JsonElement? Options { get; set; }
    public JsonElement? KeepAlive { get; set; }
}
