namespace ModelGateway.Validation.Ollama;

/// <summary>A tool call in a native assistant message of the history.</summary>
internal sealed class OllamaToolCallBody
{
    public string? Id { get; set; }
    public OllamaToolCallFunctionBody? Function { get; set; }
}
