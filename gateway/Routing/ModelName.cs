using ModelGateway.Transforms.Ollama;

namespace ModelGateway.Routing;

/// <summary>The router's view of Ollama model names: validity, and a lookup key equal for names Ollama treats as one.</summary>
public static class ModelName
{
    /// <summary>Ollama's short display form, lower-cased: <c>Registry.Ollama.AI/library/Llama3.2</c> → <c>llama3.2:latest</c>.</summary>
    public static string Normalize(string name) => IsOwnNormalForm(name) ? name : OllamaModelName.Normalize(name).ToLowerInvariant();

    public static bool IsValid(string? name) => OllamaModelName.TryParse(name, out _);

    /// <summary>
    /// <c>model:tag</c> in lower case, valid, with the default host and namespace, is already its normal form. Clients
    /// name models this way almost always, and a request normalises its model several times (routing, load
    /// balancing, limits), each time parsing it into parts and building the display form again.
    /// </summary>
    static bool IsOwnNormalForm(string name)
    {
        var colon = name.IndexOf(':');
        if (colon is <= 0 or > OllamaModelName.MaxPartLength || name.Length - colon - 1 is 0 or > OllamaModelName.MaxPartLength) return false;
        for (var i = 0; i < name.Length; i++)
        {
            if (i == colon) continue;
            var c = name[i];
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c is not ('_' or '-' or '.')) return false;
        }
        return true;
    }
}
