namespace ModelGateway.Transforms.Ollama;

/// <summary>
/// An Ollama model name <c>[host/][namespace/]model[:tag]</c> with Ollama's defaults (registry.ollama.ai,
/// library, latest). <see cref="ToString"/> gives the short display form Ollama reports
/// (<c>llama3.2</c> → <c>llama3.2:latest</c>, <c>registry.ollama.ai/library/x:1b</c> → <c>x:1b</c>);
/// comparisons are case-insensitive, as the server matches installed models.
/// </summary>
public readonly record struct OllamaModelName(string Host, string Namespace, string Model, string Tag)
{
    public const string DefaultHost = "registry.ollama.ai";
    public const string DefaultNamespace = "library";
    public const string DefaultTag = "latest";

    /// <summary>The longest model, namespace or tag part accepted.</summary>
    public const int MaxPartLength = 80;

    /// <summary>Compares raw names by their normalised form; use it for dictionaries keyed by model.</summary>
    public static IEqualityComparer<string> Comparer { get; } = new NameComparer();

    public static bool TryParse(string? name, out OllamaModelName parsed)
    {
        parsed = default;
        if (string.IsNullOrWhiteSpace(name))
            return false;
        var rest = name.Trim();

        // The tag is after the last ':' that follows the last '/', so a host port (localhost:5000/x) is not a tag.
        var slash = rest.LastIndexOf('/');
        var colon = rest.LastIndexOf(':');
        var tag = DefaultTag;
        if (colon > slash)
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
        }

        var parts = rest.Split('/');
        if (parts.Length > 3)
            return false;
        var model = parts[^1];
        var ns = parts.Length >= 2 ? parts[^2] : DefaultNamespace;
        var host = parts.Length == 3 ? parts[0] : DefaultHost;

        if (!IsValidPart(model, MaxPartLength) || !IsValidPart(ns, MaxPartLength) || !IsValidPart(tag, MaxPartLength) || !IsValidHost(host))
            return false;
        parsed = new OllamaModelName(host, ns, model, tag);
        return true;
    }

    /// <summary>The display form of <paramref name="name"/>, or the trimmed input when it is not a valid name.</summary>
    public static string Normalize(string name) => TryParse(name, out var parsed) ? parsed.ToString() : name.Trim();

    public static bool AreSame(string? a, string? b) => Comparer.Equals(a, b);

    public override string ToString()
    {
        var isDefaultHost = Host.Equals(DefaultHost, StringComparison.OrdinalIgnoreCase);
        if (isDefaultHost && Namespace.Equals(DefaultNamespace, StringComparison.OrdinalIgnoreCase))
            return $"{Model}:{Tag}";
        return isDefaultHost ? $"{Namespace}/{Model}:{Tag}" : $"{Host}/{Namespace}/{Model}:{Tag}";
    }

    static bool IsValidPart(string part, int maxLength)
    {
        if (part.Length == 0 || part.Length > maxLength)
            return false;
        foreach (var c in part)
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-' or '.'))
                return false;
        return true;
    }

    static bool IsValidHost(string host)
    {
        if (host.Length == 0 || host.Length > 350)
            return false;
        foreach (var c in host)
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-' or '.' or ':'))
                return false;
        return true;
    }

    sealed class NameComparer : IEqualityComparer<string>
    {
        public bool Equals(string? x, string? y) =>
            x is null || y is null ? ReferenceEquals(x, y) : string.Equals(Normalize(x), Normalize(y), StringComparison.OrdinalIgnoreCase);

        public int GetHashCode(string obj) => StringComparer.OrdinalIgnoreCase.GetHashCode(Normalize(obj));
    }
}
