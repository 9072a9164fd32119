using ModelGateway.Transforms.Ollama;

namespace ModelGateway.Routing;

/// <summary>The router's view of Ollama model names: validity, and a lookup key equal for names Ollama treats as one.</summary>
public static class ModelName
{
    /// <summary>Ollama's short display form, lower-cased: <c>Registry.Ollama.AI/library/Llama3.2</c> → <c>llama3.2:latest</c>.</summary>
    public static string Normalize(string name) => OllamaModelName.Normalize(name).ToLowerInvariant();

    public static bool IsValid(string? name) => OllamaModelName.TryParse(name, out _);
}
