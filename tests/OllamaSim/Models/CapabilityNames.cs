namespace OllamaSim.Models;

/// <summary>Capability names as Ollama writes them, and the <c>cap|cap</c> syntax of <c>--models</c>.</summary>
public static class CapabilityNames
{
    static readonly (Capability Flag, string Name)[] All =
    [
        (Capability.Completion, "completion"), (Capability.Tools, "tools"), (Capability.Insert, "insert"),
        (Capability.Vision, "vision"), (Capability.Embedding, "embedding"), (Capability.Thinking, "thinking"),
    ];

    /// <summary>Parses "completion|tools"; unknown names are an error naming the accepted ones.</summary>
    public static Capability Parse(string list)
    {
        var caps = Capability.None;
        foreach (var part in list.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = All.FirstOrDefault(c => string.Equals(c.Name, part, StringComparison.OrdinalIgnoreCase));
            if (match.Name is null)
                throw new FormatException($"unknown capability '{part}' (use {string.Join(", ", All.Select(c => c.Name))})");
            caps |= match.Flag;
        }
        return caps;
    }

    /// <summary>The capability names in Ollama's order.</summary>
    public static IEnumerable<string> Names(Capability caps) => All.Where(c => caps.HasFlag(c.Flag)).Select(c => c.Name);
}
