using System.Globalization;
using ModelGateway.Configuration;

namespace ModelGateway.Preloading;

/// <summary>
/// Checks <c>Models:&lt;i&gt;:KeepLoaded</c> and <c>Models:&lt;i&gt;:KeepAlive</c>, naming the key, for the fleet
/// validator (at start-up and on every edit of the fleet file).
/// </summary>
internal static class KeepLoadedConfigValidator
{
    public static void Validate(IConfiguration config, List<string> errors)
    {
        foreach (var entry in config.GetSection("Models").GetChildren())
        {
            var keeps = false;
            var count = entry["KeepLoaded"];
            if (!string.IsNullOrEmpty(count))
            {
                if (!int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var workers))
                    errors.Add($"{entry.Path}:KeepLoaded '{count}' must be a whole number of workers: 0 (off) or more");
                else
                    keeps = workers > 0;
            }

            var keepAlive = entry["KeepAlive"];
            if (!string.IsNullOrEmpty(keepAlive))
            {
                if (!KeepAliveValue.TryParse(keepAlive, out var duration))
                    errors.Add($"{entry.Path}:KeepAlive '{keepAlive}' is not a duration; use a Go duration such as 30m or 1h30m, a number of seconds, or -1 for as long as the worker runs");
                else if (duration != KeepAliveValue.Forever && duration < KeepAliveValue.Shortest)
                    errors.Add($"{entry.Path}:KeepAlive '{keepAlive}' is shorter than 1 second (0 would unload the model right after each load); use a longer duration, or -1 for as long as the worker runs");
            }

            var cluster = entry["Cluster"];
            if (keeps && !string.IsNullOrEmpty(cluster) && config[$"ReverseProxy:Clusters:{cluster}:Metadata:Protocol"] is { Length: > 0 } protocol
                && !string.Equals(protocol, WorkerProtocolNames.Ollama, StringComparison.OrdinalIgnoreCase))
                errors.Add($"{entry.Path}:KeepLoaded needs a cluster of Ollama workers; cluster '{cluster}' has Metadata:Protocol '{protocol}', whose workers cannot be asked to load a model");
        }
    }
}
