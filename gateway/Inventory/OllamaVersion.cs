using System.Collections.Concurrent;

namespace ModelGateway.Inventory;

/// <summary>Orders Ollama version strings (<c>0.12.10</c>, <c>v0.33.0-rc2</c>); anything unparsable sorts first.</summary>
public static class OllamaVersion
{
    // Read per translated request (the lowest version of a cluster); a fleet runs a handful of releases.
    static readonly ConcurrentDictionary<string, Version> Known = new(StringComparer.Ordinal);
    const int MaxKnown = 64;

    public static Version Parse(string text)
    {
        if (Known.TryGetValue(text, out var known)) return known;
        var parsed = ParseText(text);
        if (Known.Count < MaxKnown) Known.TryAdd(text, parsed);
        return parsed;
    }

    static Version ParseText(string text)
    {
        var core = text.Trim().TrimStart('v').Split('-', '+')[0];
        if (!core.Contains('.')) core += ".0";
        return Version.TryParse(core, out var version) ? version : new Version(0, 0);
    }
}
