namespace ModelGateway.Inventory;

/// <summary>Orders Ollama version strings (<c>0.12.10</c>, <c>v0.33.0-rc2</c>); anything unparsable sorts first.</summary>
public static class OllamaVersion
{
    public static Version Parse(string text)
    {
        var core = text.Trim().TrimStart('v').Split('-', '+')[0];
        if (!core.Contains('.')) core += ".0";
        return Version.TryParse(core, out var version) ? version : new Version(0, 0);
    }
}
