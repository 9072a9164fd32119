using System.Text.Json;

namespace ModelGateway.Validation.Ollama;

/// <summary>The function of a native tool call: its name and its arguments object.</summary>
internal sealed class OllamaToolCallFunctionBody
{
    public int? Index { get; set; }
    public string? Name { get; set; }
    public JsonElement? Arguments { get; set; }
}
