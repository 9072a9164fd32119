namespace ModelGateway.Transforms.Ollama;

/// <summary>
/// What a worker's Ollama release understands (mapping doc §13), derived from <c>GET /api/version</c>.
/// An unknown, unparsable or development ("0.0.0") version is treated as current: the fleet is expected to
/// be recent, and the conservative fallbacks would silently drop features on every request.
/// </summary>
public sealed record OllamaWorkerFeatures(Version Version)
{
    public static OllamaWorkerFeatures Current { get; } = new(new Version(int.MaxValue, 0, 0));

    /// <summary><c>think</c> is known at all (v0.9.0).</summary>
    public bool SupportsThink => Version >= new Version(0, 9, 0);
    /// <summary><c>think</c> accepts "low"/"medium"/"high" (v0.11.1); older workers need <c>true</c>.</summary>
    public bool SupportsThinkLevels => Version >= new Version(0, 11, 1);
    /// <summary><c>think:"max"</c> accepted (v0.22.0); older workers reject it, so "high" is sent.</summary>
    public bool SupportsThinkMax => Version >= new Version(0, 22, 0);
    /// <summary><c>logprobs</c>/<c>top_logprobs</c> (v0.12.11).</summary>
    public bool SupportsLogprobs => Version >= new Version(0, 12, 11);
    /// <summary><c>dimensions</c> on /api/embed (v0.11.11); otherwise the gateway truncates and re-normalises.</summary>
    public bool SupportsEmbedDimensions => Version >= new Version(0, 11, 11);
    /// <summary>Native tool calls carry an <c>id</c> (v0.12.10).</summary>
    public bool SendsToolCallIds => Version >= new Version(0, 12, 10);

    /// <summary>Parses "0.12.10", "v0.33.0-rc2" (pre-release suffix ignored) and similar.</summary>
    public static OllamaWorkerFeatures FromVersion(string? version)
    {
        if (string.IsNullOrWhiteSpace(version))
            return Current;
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
