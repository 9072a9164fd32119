using System.Collections.Concurrent;

namespace ModelGateway.Transforms.Ollama;

/// <summary>
/// What a worker's Ollama release understands (mapping doc §13), derived from <c>GET /api/version</c>.
/// An unknown, unparsable or development ("0.0.0") version is treated as current: the fleet is expected to
/// be recent, and the conservative fallbacks would silently drop features on every request.
/// </summary>
public sealed record OllamaWorkerFeatures(Version Version)
{
    static readonly Version Think = new(0, 9, 0), ThinkLevels = new(0, 11, 1), ThinkMax = new(0, 22, 0),
        Logprobs = new(0, 12, 11), EmbedDimensions = new(0, 11, 11), ToolCallIds = new(0, 12, 10);

    /// <summary>Versions already read: every translated request asks, and a fleet runs a handful of releases.</summary>
    static readonly ConcurrentDictionary<string, OllamaWorkerFeatures> Known = new(StringComparer.Ordinal);
    const int MaxKnown = 64;

    public static OllamaWorkerFeatures Current { get; } = new(new Version(int.MaxValue, 0, 0));

    /// <summary><c>think</c> is known at all (v0.9.0).</summary>
    public bool SupportsThink => Version >= Think;
    /// <summary><c>think</c> accepts "low"/"medium"/"high" (v0.11.1); older workers need <c>true</c>.</summary>
    public bool SupportsThinkLevels => Version >= ThinkLevels;
    /// <summary><c>think:"max"</c> accepted (v0.22.0); older workers reject it, so "high" is sent.</summary>
    public bool SupportsThinkMax => Version >= ThinkMax;
    /// <summary><c>logprobs</c>/<c>top_logprobs</c> (v0.12.11).</summary>
    public bool SupportsLogprobs => Version >= Logprobs;
    /// <summary><c>dimensions</c> on /api/embed (v0.11.11); otherwise the gateway truncates and re-normalises.</summary>
    public bool SupportsEmbedDimensions => Version >= EmbedDimensions;
    /// <summary>Native tool calls carry an <c>id</c> (v0.12.10).</summary>
    public bool SendsToolCallIds => Version >= ToolCallIds;

    /// <summary>Parses "0.12.10", "v0.33.0-rc2" (pre-release suffix ignored) and similar.</summary>
    public static OllamaWorkerFeatures FromVersion(string? version)
    {
        if (string.IsNullOrWhiteSpace(version))
            return Current;
        if (Known.TryGetValue(version, out var known))
            return known;
        var features = Parse(version);
        if (Known.Count < MaxKnown) Known.TryAdd(version, features);
        return features;
    }

    static OllamaWorkerFeatures Parse(string version)
    {
        var text = version.Trim();
        if (text.StartsWith('v') || text.StartsWith('V'))
            text = text[1..];
        var end = text.IndexOfAny(['-', '+', ' ']);
        if (end >= 0)
            text = text[..end];
        if (!Version.TryParse(text.Contains('.') ? text : text + ".0", out var parsed) || parsed == new Version(0, 0, 0))
            return Current;
        return new OllamaWorkerFeatures(new Version(parsed.Major, parsed.Minor, Math.Max(parsed.Build, 0)));
    }
}
