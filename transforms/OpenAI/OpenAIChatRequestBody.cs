using System.Text.Json;

namespace ModelGateway.Transforms.OpenAI;

/// <summary>
/// The body of <c>POST /v1/chat/completions</c> as sent. Fields whose JSON type varies are kept as
/// <see cref="JsonElement"/> and checked by the parser; fields the gateway ignores are not declared at all.
/// </summary>
internal sealed class OpenAIChatRequestBody
{
    public string? Model { get; set; }
    public List<OpenAIChatMessageBody?>? Messages { get; set; }
    public bool? Stream { get; set; }
    public OpenAIStreamOptionsBody? StreamOptions { get; set; }
    public double? Temperature { get; set; }
    public double? TopP { get; set; }
    public int? N { get; set; }
    public JsonElement? Stop { get; set; }
    public long? MaxTokens { get; set; }
    public long? MaxCompletionTokens { get; set; }
    public double? PresencePenalty { get; set; }
    public double? FrequencyPenalty { get; set; }
    public bool? Logprobs { get; set; }
    public int? TopLogprobs { get; set; }
    public long? Seed { get; set; }
    public JsonElement? ResponseFormat { get; set; }
    public List<JsonElement>? Tools { get; set; }
    public JsonElement? ToolChoice { get; set; }
    public bool? ParallelToolCalls { get; set; }
    public string? ReasoningEffort { get; set; }
    public JsonElement? Reasoning { get; set; }
    public List<string>? Modalities { get; set; }
    public JsonElement? Audio { get; set; }
    public JsonElement? WebSearchOptions { get; set; }
    public JsonElement? Functions { get; set; }
    public JsonElement? FunctionCall { get; set; }

    // Ollama extension fields (sent by clients through "extra body" features).
    public JsonElement? Options { get; set; }
    public JsonElement? KeepAlive { get; set; }
    public JsonElement? Think { get; set; }
}
