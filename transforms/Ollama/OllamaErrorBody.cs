namespace ModelGateway.Transforms.Ollama;

/// <summary>The native error body <c>{"error":"..."}</c>.</summary>
internal sealed class OllamaErrorBody
{
    public string? Error { get; set; }
}
