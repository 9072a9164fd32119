using ModelGateway.Routing;

namespace ModelGateway.Authentication;

/// <summary>
/// A model a caller may use: an exact name (compared in Ollama's normal form, so <c>llama3.2</c> means
/// <c>llama3.2:latest</c>) or a pattern where <c>*</c> stands for any run of characters (<c>llama3*</c>, <c>*:7b</c>).
/// </summary>
public sealed class ModelPattern
{
    readonly string _text;
    readonly bool _isWildcard;

    ModelPattern(string text, bool isWildcard)
    {
        _text = text;
        _isWildcard = isWildcard;
    }

    public static bool TryParse(string? text, out ModelPattern pattern, out string? error)
    {
        pattern = null!;
        error = null;
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            error = "is empty";
            return false;
        }
        if (!trimmed.Contains('*'))
        {
            if (!ModelName.IsValid(trimmed))
            {
                error = $"'{trimmed}' is not a valid model name";
                return false;
            }
            pattern = new ModelPattern(ModelName.Normalize(trimmed), isWildcard: false);
            return true;
        }
        if (trimmed != "*" && !ModelName.IsValid(trimmed.Replace("*", "x")))
        {
            error = $"'{trimmed}' is not a valid wildcard: use model-name characters and '*'";
            return false;
        }
        var lowered = trimmed.ToLowerInvariant();
        foreach (var prefix in new[] { "registry.ollama.ai/", "library/" })
            if (lowered.StartsWith(prefix, StringComparison.Ordinal)) lowered = lowered[prefix.Length..];
        pattern = new ModelPattern(lowered, isWildcard: true);
        return true;
    }

    /// <param name="normalizedName">A name in <see cref="ModelName.Normalize"/> form.</param>
    public bool Matches(string normalizedName)
        => _isWildcard ? Glob(_text, normalizedName) : string.Equals(_text, normalizedName, StringComparison.Ordinal);

    public override string ToString() => _text;

    /// <summary>'*'-only glob, iterative with one backtrack point (linear in practice, never exponential).</summary>
    static bool Glob(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == text[t]) { p++; t++; }
            else if (p < pattern.Length && pattern[p] == '*') { star = p++; mark = t; }
            else if (star >= 0) { p = star + 1; t = ++mark; }
            else return false;
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }
}
