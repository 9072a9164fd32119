namespace ModelGateway.Transforms.OpenAI;

/// <summary>A tool call in an assistant message of the conversation history.</summary>
internal sealed class OpenAIToolCallBody
{
    public string? Id { get; set; }
    public string? Type { get; set; }
    public OpenAIFunctionCallBody? Function { get; set; }
}
