using System.Text.Json;

namespace ModelGateway.Transforms.OpenAI;

/// <summary>The body of <c>POST /v1/completions</c> (legacy).</summary>
internal sealed class OpenAICompletionRequestBody
{
    public string? Model { get; set; }
    public JsonElement? Prompt { get; set; }
    public string? Suffix { get; set; }
    public long? MaxTokens { get; set; }
    public double? Temperature { get; set; }
    public double? TopP { get; set; }
    public int? N { get; set; }
    public bool? Stream { get; set; }
    public OpenAIStreamOptionsBody? StreamOptions { get; set; }
    public int? Logprobs { get; set; }
    public bool? Echo { get; set; }
    public JsonElement? Stop { get; set; }
    public double? PresencePenalty { get; set; }
    public double? FrequencyPenalty { get; set; }
    public int? BestOf { get; set; }
    public long? Seed { get; set; }
    // Not OpenAI's legacy fields: accepted as on chat so a thinking model can be told not to think.
    public string? ReasoningEffort { get; set; }
    public JsonElement? Reasoning { get; set; }

    public JsonElement? Options { get; set; }
    public JsonElement? KeepAlive { get; set; }
    public JsonElement? Think { get; set; }
}
