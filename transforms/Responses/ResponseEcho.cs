using System.Text.Json;

namespace ModelGateway.Transforms.Responses;

/// <summary>
/// The request's settings as the Response object repeats them (<c>instructions</c>, <c>tools</c>, <c>tool_choice</c>,
/// <c>text</c>, <c>reasoning</c>, ...). Values the client left out are written as OpenAI's defaults or null.
/// </summary>
internal sealed record ResponseEcho
{
    public string? Instructions { get; init; }
    public List<JsonElement>? Tools { get; init; }
    public JsonElement? ToolChoice { get; init; }
    public bool ParallelToolCalls { get; init; } = true;
    public JsonElement? TextFormat { get; init; }
    public string? ReasoningEffort { get; init; }
    public int? MaxOutputTokens { get; init; }
    public double? Temperature { get; init; }
    public double? TopP { get; init; }
    public JsonElement? Metadata { get; init; }
    public string? User { get; init; }
}
