using System.Text.Json;

namespace ModelGateway.Transforms.Ollama;

/// <summary>Name and arguments (a JSON object, not a string) of a native tool call.</summary>
internal sealed class OllamaToolCallFunction
{
    public string? Name { get; set; }
    public JsonElement? Arguments { get; set; }
}
