namespace ModelGateway.Transforms.Ollama;

/// <summary>A native logprob entry; also used for the alternatives in <c>top_logprobs</c>.</summary>
internal sealed class OllamaLogprob
{
    public string? Token { get; set; }
    public double Logprob { get; set; }
    public int[]? Bytes { get; set; }
    public List<OllamaLogprob>? TopLogprobs { get; set; }
}
