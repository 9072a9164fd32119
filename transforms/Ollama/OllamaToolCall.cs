namespace ModelGateway.Transforms.Ollama;

/// <summary>A native tool call; <c>id</c> is missing on workers older than v0.12.10.</summary>
internal sealed class OllamaToolCall
{
    public string? Id { get; set; }
    public OllamaToolCallFunction? Function { get; set; }
}
