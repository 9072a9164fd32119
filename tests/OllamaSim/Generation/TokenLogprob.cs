namespace OllamaSim.Generation;

/// <summary>Log probability of a generated token with its alternatives (ollama-api.md §9).</summary>
public sealed record TokenLogprob(string Token, double Logprob, IReadOnlyList<(string Token, double Logprob)> Top);
