namespace ModelGateway.Transforms.Ollama;

/// <summary>The <c>message</c> of a native chat line.</summary>
internal sealed class OllamaResponseMessage
{
    public string? Content { get; set; }
    public string? Thinking { get; set; }
    public List<OllamaToolCall>? ToolCalls { get; set; }
}
