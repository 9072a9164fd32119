using ModelGateway.Configuration;
using ModelGateway.Routing;

namespace ModelGateway.Fallbacks;

/// <summary>
/// Checks every <c>Models:&lt;i&gt;:Fallbacks</c> list (run by the fleet validator at start-up and before each reload is
/// applied), naming the entry at fault. A name no entry configures is accepted only while discovery may find it on a
/// worker. Only a model's own list is ever followed, so lists that name each other cannot loop and are allowed.
/// </summary>
public static class FallbackConfigValidator
{
    public static void Validate(IConfiguration config, List<string> errors)
    {
        var models = ConfiguredModelIndex.Of(config);

        foreach (var entry in models.Entries)
        {
            var list = entry.GetSection("Fallbacks");
            if (!string.IsNullOrEmpty(list.Value))
            {
                errors.Add($"{list.Path} '{list.Value}' must be a list of model names, e.g. [\"{list.Value}\"]");
                continue;
            }
            if (!ModelName.IsValid(entry["Name"])) continue;
            var listed = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var fallback in list.GetChildren())
            {
                var name = fallback.Value;
                if (string.IsNullOrWhiteSpace(name))
                {
                    errors.Add($"{fallback.Path} is empty; name a model to answer when {entry["Name"]} cannot");
                    continue;
                }
                if (!ModelName.IsValid(name))
                {
                    errors.Add($"{fallback.Path} '{name}' is not a valid model name");
                    continue;
                }
                var normalized = ModelName.Normalize(name);
                string target;
                if (models.OwnerOf(name) is { } owner)
                {
                    if (owner.Path == entry.Path)
                    {
                        errors.Add($"{fallback.Path} '{name}' is {entry["Name"]} itself ({entry.Path}); a model cannot fall back to itself");
                        continue;
                    }
                    if (ProtocolProblem(config, entry, owner) is { } problem)
                    {
                        errors.Add($"{fallback.Path} '{name}' {problem}");
                        continue;
                    }
                    target = owner.Path;
                }
                else if (!models.Discovers)
                {
                    errors.Add(ConfiguredModelIndex.NotServed(fallback.Path, name));
                    continue;
                }
                else
                {
                    target = normalized;
                }
                if (listed.TryGetValue(target, out var first))
                    errors.Add($"{fallback.Path} '{name}' is the same model as {first}");
                else
                    listed[target] = fallback.Path;
            }
        }
    }

    /// <summary>
    /// A request's body is written for its cluster's protocol (Ollama's native API or OpenAI's), so it can only fall back
    /// to a model whose cluster speaks the same one.
    /// </summary>
    static string? ProtocolProblem(IConfiguration config, IConfigurationSection entry, IConfigurationSection fallback)
    {
        var own = ProtocolOf(config, entry["Cluster"]);
        var other = ProtocolOf(config, fallback["Cluster"]);
        return string.Equals(own, other, StringComparison.Ordinal) ? null
            : $"is served by cluster '{fallback["Cluster"]}', whose workers speak {other}, but {entry["Name"]} by cluster '{entry["Cluster"]}', whose workers speak {own}; a model can only fall back to one whose workers speak the same protocol";
    }

    static string ProtocolOf(IConfiguration config, string? cluster)
        => string.Equals(config[$"ReverseProxy:Clusters:{cluster}:Metadata:Protocol"], WorkerProtocolNames.OpenAI, StringComparison.OrdinalIgnoreCase)
            ? WorkerProtocolNames.OpenAI : WorkerProtocolNames.Ollama;
}
