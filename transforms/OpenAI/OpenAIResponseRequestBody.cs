using System.Text.Json;

namespace ModelGateway.Transforms.OpenAI;

/// <summary>
/// The body of <c>POST /v1/responses</c> as sent. Fields whose JSON type varies are kept as <see cref="JsonElement"/>
/// and checked by the parser; fields the gateway neither uses nor refuses are not declared.
/// </summary>
internal sealed class OpenAIResponseRequestBody
{
    public string? Model { get; set; }
    public JsonElement? Input { get; set; }
    public JsonElement? Instructions { get; set; }
    public bool? Stream { get; set; }
    public bool? Store { get; set; }
    public string? PreviousResponseId { get; set; }
    public List<JsonElement>? Tools { get; set; }
    public JsonElement? ToolChoice { get; set; }
    public bool? ParallelToolCalls { get; set; }
    public JsonElement? Text { get; set; }
    public JsonElement? Reasoning { get; set; }
    public long? MaxOutputTokens { get; set; }
    public double? Temperature { get; set; }
    public double? TopP { get; set; }
    public JsonElement? Metadata { get; set; }
    public string? User { get; set; }

    // Asked for something the gateway cannot do: refused when set.
    public bool? Background { get; set; }
    public JsonElement? Conversation { get; set; }
    public JsonElement? Prompt { get; set; }
    public JsonElement? Include { get; set; }
    public int? TopLogprobs { get; set; }
    public JsonElement? ContextManagement { get; set; }

    // Ollama extension fields, as on chat.
    public JsonElement? Options { get; set; }
    public JsonElement? KeepAlive { get; set; }
    public JsonElement? Think { get; set; }
}
