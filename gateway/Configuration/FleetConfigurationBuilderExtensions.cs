using Microsoft.Extensions.Configuration.Json;

namespace ModelGateway.Configuration;

public static class FleetConfigurationBuilderExtensions
{
    public const string PathEnvironmentVariable = "MODELGATEWAY_CONFIG";

    /// <summary>
    /// Puts the fleet file where appsettings.json sits among the configuration sources (so environment
    /// variables and command-line arguments still override it). The file is the one named by <c>--config</c>, else by
    /// MODELGATEWAY_CONFIG, else appsettings.json; a named file takes appsettings.json's place entirely.
    /// </summary>
    public static FleetConfigurationSource AddFleetConfiguration(this WebApplicationBuilder builder, string[] args)
    {
        var path = ConfigPathFromArgs(args) ?? Environment.GetEnvironmentVariable(PathEnvironmentVariable);
        var optional = false;
        if (string.IsNullOrEmpty(path))
        {
            path = Path.Combine(builder.Environment.ContentRootPath, "appsettings.json");
            if (!File.Exists(path)) path = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
            optional = true;
        }
        var source = new FleetConfigurationSource { Path = Path.GetFullPath(path), Optional = optional };

        var sources = builder.Configuration.Sources;
        // appsettings.<Environment>.json is an override like the environment and the command line: read at start-up and
        // checked with them. Reloaded by the framework, an edit of it would go live without the fleet file's checks.
        var environmentFile = $"appsettings.{builder.Environment.EnvironmentName}.json";
        foreach (var s in sources)
            if (s is JsonConfigurationSource json && string.Equals(json.Path, environmentFile, StringComparison.OrdinalIgnoreCase))
                json.ReloadOnChange = false;
        var index = -1;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource json && string.Equals(json.Path, "appsettings.json", StringComparison.OrdinalIgnoreCase))
            {
                index = i;
                break;
            }
        }
        if (index >= 0)
        {
            sources.RemoveAt(index);
            sources.Insert(index, source);
        }
        else
        {
            sources.Insert(0, source);
        }
        builder.Services.AddSingleton(source);
        return source;
    }

    static string? ConfigPathFromArgs(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--config" or "-c" && i + 1 < args.Length) return args[i + 1];
            if (args[i].StartsWith("--config=", StringComparison.Ordinal)) return args[i]["--config=".Length..];
        }
        return null;
    }
}
