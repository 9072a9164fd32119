using ModelGateway.Transforms.Shared;
namespace ModelGateway.Transforms.Ollama;

/// <summary>One native /api/chat line (or the single non-streamed object). Only the fields the translation reads.</summary>
internal sealed class OllamaChatResponse : INativeResponseLine
{
    public string? CreatedAt { get; set; }
    public OllamaResponseMessage? Message { get; set; }
    public bool Done { get; set; }
    public string? DoneReason { get; set; }
    public int? PromptEvalCount { get; set; }
    public int? EvalCount { get; set; }
    public List<OllamaLogprob>? Logprobs { get; set; }
    public string? Error { get; set; }
}
