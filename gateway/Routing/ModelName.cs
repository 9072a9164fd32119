namespace ModelGateway.Routing;

/// <summary>
/// Ollama's model-name rules: <c>[host/][namespace/]model[:tag]</c>, default tag <c>latest</c>, the default
/// registry and namespace dropped, compared case-insensitively. The router keys everything by this form.
/// </summary>
public static class ModelName
{
    const string DefaultHostPrefix = "registry.ollama.ai/";
    const string DefaultNamespacePrefix = "library/";

    /// <summary>The shortest display form with a tag, lower-cased for use as a lookup key.</summary>
    public static string Normalize(string name)
    {
        var n = name.Trim();
        if (n.StartsWith(DefaultHostPrefix, StringComparison.OrdinalIgnoreCase)) n = n[DefaultHostPrefix.Length..];
        if (n.StartsWith(DefaultNamespacePrefix, StringComparison.OrdinalIgnoreCase)) n = n[DefaultNamespacePrefix.Length..];
        var lastSlash = n.LastIndexOf('/');
        if (n.IndexOf(':', lastSlash + 1) < 0) n += ":latest";
        return n.ToLowerInvariant();
    }

    /// <summary>True when the name has Ollama's shape (parts of allowed characters and lengths).</summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 512) return false;
        var colon = name.LastIndexOf(':');
        var lastSlash = name.LastIndexOf('/');
        var path = colon > lastSlash ? name[..colon] : name;
        var tag = colon > lastSlash ? name[(colon + 1)..] : null;
        if (tag is not null && !IsPart(tag, 80)) return false;
        var parts = path.Split('/');
        if (parts.Length > 3) return false;
        for (var i = 0; i < parts.Length; i++)
        {
            // The host part may carry a port.
            var isHost = parts.Length == 3 && i == 0;
            if (!IsPart(isHost ? parts[i].Replace(":", "") : parts[i], isHost ? 350 : 80)) return false;
        }
        return true;
    }

    static bool IsPart(string part, int maxLength)
    {
        if (part.Length == 0 || part.Length > maxLength) return false;
        foreach (var c in part)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')) return false;
        return true;
    }
}
