namespace OllamaSim.Models;

/// <summary>
/// A model reference <c>[host/][namespace/]model[:tag]</c> with Ollama's defaults
/// (registry.ollama.ai, library, latest). Matching is case-insensitive via <see cref="Key"/>.
/// </summary>
public sealed class ModelName
{
    public const string DefaultHost = "registry.ollama.ai";
    public const string DefaultNamespace = "library";
    public const string DefaultTag = "latest";

    public string Host { get; }
    public string Namespace { get; }
    public string Model { get; }
    public string Tag { get; }

    ModelName(string host, string ns, string model, string tag)
    {
        Host = host;
        Namespace = ns;
        Model = model;
        Tag = tag;
    }

    /// <summary>Shortest form with tag, as Ollama displays names: <c>llama3.2:latest</c>, <c>hf.co/u/repo:Q4</c>.</summary>
    public string Display
    {
        get
        {
            var isDefaultHost = Host.Equals(DefaultHost, StringComparison.OrdinalIgnoreCase);
            if (isDefaultHost && Namespace.Equals(DefaultNamespace, StringComparison.OrdinalIgnoreCase))
                return $"{Model}:{Tag}";
            return isDefaultHost ? $"{Namespace}/{Model}:{Tag}" : $"{Host}/{Namespace}/{Model}:{Tag}";
        }
    }

    /// <summary>The full name used in some Ollama errors, e.g. <c>registry.ollama.ai/library/gemma3:latest</c>.</summary>
    public string Full => $"{Host}/{Namespace}/{Model}:{Tag}";

    /// <summary>Case-insensitive identity.</summary>
    public string Key => Full.ToLowerInvariant();

    public override string ToString() => Display;

    public static bool TryParse(string? text, out ModelName name)
    {
        name = null!;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        string tag = DefaultTag;
        var slash = s.LastIndexOf('/');
        var colon = s.LastIndexOf(':');
        if (colon > slash)
        {
            tag = s[(colon + 1)..];
            s = s[..colon];
        }
        var parts = s.Split('/');
        string host = DefaultHost, ns = DefaultNamespace, model;
        switch (parts.Length)
        {
            case 1: model = parts[0]; break;
            case 2: ns = parts[0]; model = parts[1]; break;
            case 3: host = parts[0]; ns = parts[1]; model = parts[2]; break;
            default: return false;
        }
        if (!IsValidPart(host, 350, allowColon: true) || !IsValidPart(ns, 80) || !IsValidPart(model, 80) || !IsValidPart(tag, 80))
            return false;
        name = new ModelName(host, ns, model, tag);
        return true;
    }

    public static ModelName Parse(string text) =>
        TryParse(text, out var name) ? name : throw new FormatException($"invalid model name '{text}'");

    static bool IsValidPart(string part, int maxLength, bool allowColon = false)
    {
        if (part.Length == 0 || part.Length > maxLength || !char.IsAsciiLetterOrDigit(part[0])) return false;
        foreach (var c in part)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' || (allowColon && c == ':')))
                return false;
        return true;
    }
}
