using System.Text.Json;

namespace ModelGateway.Validation.Ollama;

/// <summary>The fields of a native /api/show body the gateway checks.</summary>
internal sealed class OllamaShowBody
{
    public bool? Verbose { get; set; }
    public string? System { get; set; }
    public string? Template { get; set; }
    public JsonElement? Options { get; set; }
}
