namespace OllamaSim.Models;

/// <summary>What a model can do; the names are the ones Ollama reports in /api/show.</summary>
[Flags]
public enum Capability
{
    None = 0,
    Completion = 1,
    Tools = 2,
    Vision = 4,
    Thinking = 8,
    Embedding = 16,
    Insert = 32,
}
