using ModelGateway.Transforms.Shared;
namespace ModelGateway.Transforms.Ollama;

/// <summary>One native /api/generate line (or the single non-streamed object).</summary>
internal sealed class OllamaGenerateResponse : INativeResponseLine
{
    public string? CreatedAt { get; set; }
    public string? Response { get; set; }
    public bool Done { get; set; }
    public string? DoneReason { get; set; }
    public int? PromptEvalCount { get; set; }
    public int? EvalCount { get; set; }
    public List<OllamaLogprob>? Logprobs { get; set; }
    public string? Error { get; set; }
}
