namespace ModelGateway.Validation.Ollama;

/// <summary>One entry of a native chat <c>messages</c> array.</summary>
internal sealed class OllamaMessageBody
{
    public string? Role { get; set; }
    public string? Content { get; set; }
    public string? Thinking { get; set; }
    public List<string?>? Images { get; set; }
    public List<OllamaToolCallBody?>? ToolCalls { get; set; }
    public string? ToolName { get; set; }
    public string? ToolCallId { get; set; }
}
