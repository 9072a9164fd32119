namespace OllamaSim.Generation;

/// <summary>Words the simulator composes its replies from.</summary>
internal static class Vocabulary
{
    public static readonly string[] Words =
    [
        "the", "model", "answer", "simulated", "quickly", "river", "mountain", "light", "data", "gateway", "stream",
        "token", "cloud", "signal", "garden", "bright", "quiet", "winter", "summer", "ocean", "forest", "system",
        "request", "reply", "network", "engine", "simple", "clear", "blue", "green", "golden", "silver", "small",
        "large", "early", "later", "today", "always", "often", "rarely", "because", "while", "under", "over",
        "between", "around", "through", "before", "after", "story", "voice", "window", "paper", "stone", "bridge",
        "harbor", "valley", "planet", "orbit", "rhythm", "pattern", "balance", "journey", "moment", "season",
        "market", "village", "machine", "circuit", "thread", "canvas", "lantern", "compass", "meadow", "echo",
    ];

    public static readonly HashSet<string> StopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "and", "or", "but", "is", "are", "was", "were", "be", "to", "of", "in", "on", "at", "for",
        "with", "from", "that", "this", "what", "when", "which", "about", "into", "your", "have", "will", "given",
        "return", "returns", "value", "values", "function", "tool", "current", "based", "using", "should", "would",
        "could", "there", "their", "where", "please", "tell", "me", "you", "it", "its", "get", "set", "how",
        "can", "do", "does", "use", "call", "like", "some", "any", "all", "json", "give",
    };
}
