using System.Text.Json;

namespace ModelGateway.Transforms.OpenAI;

/// <summary>One entry of <c>messages</c>; <c>content</c> is a string, an array of parts or null.</summary>
internal sealed class OpenAIChatMessageBody
{
    public string? Role { get; set; }
    public JsonElement? Content { get; set; }
    public string? Name { get; set; }
    public List<OpenAIToolCallBody?>? ToolCalls { get; set; }
    public string? ToolCallId { get; set; }
    public string? Refusal { get; set; }
    public string? Reasoning { get; set; }
    public string? ReasoningContent { get; set; }
}
