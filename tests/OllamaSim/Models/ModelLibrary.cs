namespace OllamaSim.Models;

/// <summary>
/// The simulated remote registry: which names /api/pull can download and the capabilities they come with.
/// Any <c>hf.co/...</c> name and the well-known library families are available; other names fail like a
/// missing manifest does in Ollama.
/// </summary>
public static class ModelLibrary
{
    static readonly string[] Families =
    [
        "llama3.2", "llama3.1", "llama3", "llama2", "qwen3", "qwen2.5", "qwen2.5-coder", "qwen2", "mistral", "mixtral",
        "gemma3", "gemma2", "phi3", "phi4", "llava", "deepseek-r1", "codellama", "tinyllama", "smollm2",
        "all-minilm", "nomic-embed-text", "mxbai-embed-large", "bge-m3", "granite3.3", "gpt-oss",
    ];

    public static bool Has(ModelName name) =>
        name.Host.Equals("hf.co", StringComparison.OrdinalIgnoreCase)
        || (name.Host.Equals(ModelName.DefaultHost, StringComparison.OrdinalIgnoreCase)
            && Families.Contains(name.Model, StringComparer.OrdinalIgnoreCase));

    /// <summary>Capabilities a real model of that family has (used for pulled models).</summary>
    public static Capability CapabilitiesOf(ModelName name)
    {
        var m = name.Model.ToLowerInvariant();
        if (m.Contains("embed") || m.Contains("minilm") || m.StartsWith("bge")) return Capability.Embedding;
        if (m.StartsWith("llava")) return Capability.Completion | Capability.Vision;
        if (m.StartsWith("gemma3")) return Capability.Completion | Capability.Vision;
        if (m.StartsWith("gemma") || m.StartsWith("tinyllama") || m.StartsWith("llama2") || m == "llama3") return Capability.Completion;
        if (m.StartsWith("codellama")) return Capability.Completion | Capability.Insert;
        if (m.StartsWith("qwen3") || m.StartsWith("deepseek-r1") || m.StartsWith("gpt-oss"))
            return Capability.Completion | Capability.Tools | Capability.Thinking;
        return Capability.Completion | Capability.Tools;
    }
}
