using System.Globalization;
using ModelGateway.Routing;

namespace ModelGateway.Configuration;

/// <summary>
/// Checks the parts of the configuration ops edit by hand (clusters, destinations, models) and names the
/// exact key of every problem. Used on the file before a reload is applied and on the merged configuration
/// at start-up, so a bad edit is rejected whole instead of half-applied.
/// </summary>
public static class FleetConfigValidator
{
    /// <summary>Load-balancing policy names YARP ships plus ours; anything else would fail deep inside YARP.</summary>
    public static readonly IReadOnlySet<string> KnownLoadBalancingPolicies = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "WeightedLeastLoaded", "PowerOfTwoChoices", "FirstAlphabetical", "Random", "RoundRobin", "LeastRequests",
    };

    public static IReadOnlyList<string> Validate(IDictionary<string, string?> data)
        => Validate(new ConfigurationBuilder().AddInMemoryCollection(data).Build());

    public static IReadOnlyList<string> Validate(IConfiguration config)
    {
        var errors = new List<string>();
        var clusters = config.GetSection("ReverseProxy:Clusters");
        var clusterIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var cluster in clusters.GetChildren())
        {
            clusterIds.Add(cluster.Key);
            ValidateCluster(cluster, errors);
        }

        foreach (var route in config.GetSection("ReverseProxy:Routes").GetChildren())
        {
            var clusterId = route["ClusterId"];
            if (string.IsNullOrEmpty(clusterId))
                errors.Add($"{route.Path}:ClusterId is required");
            else if (!clusterIds.Contains(clusterId))
                errors.Add($"{route.Path}:ClusterId names cluster '{clusterId}', which is not in ReverseProxy:Clusters");
        }

        ValidateModels(config.GetSection("Models"), clusterIds, errors);
        Fallbacks.FallbackConfigValidator.Validate(config, errors);
        VirtualModelConfigValidator.Validate(config, errors);
        Preloading.KeepLoadedConfigValidator.Validate(config, errors);
        Authentication.ApiKeyConfigValidator.Validate(config, errors);
        ValidateLogLevels(config.GetSection("Logging"), errors);
        Logging.ConsoleLoggingConfigValidator.Validate(config, errors);
        return errors;
    }

    /// <summary>
    /// <c>Logging:LogLevel:*</c> and <c>Logging:&lt;provider&gt;:LogLevel:*</c>, read as the logging framework reads them
    /// (its own error names neither the key nor the section, and at start-up it comes before any other check).
    /// </summary>
    static void ValidateLogLevels(IConfigurationSection logging, List<string> errors)
    {
        foreach (var child in logging.GetChildren())
        {
            var levels = string.Equals(child.Key, "LogLevel", StringComparison.OrdinalIgnoreCase) ? child : child.GetSection("LogLevel");
            foreach (var level in levels.GetChildren())
            {
                if (!string.IsNullOrEmpty(level.Value) && !Enum.TryParse<LogLevel>(level.Value, ignoreCase: true, out _))
                    errors.Add($"{level.Path} '{level.Value}' is not a log level; use Trace, Debug, Information, Warning, Error, Critical or None");
            }
        }
    }

    static void ValidateCluster(IConfigurationSection cluster, List<string> errors)
    {
        var policy = cluster["LoadBalancingPolicy"];
        if (!string.IsNullOrEmpty(policy) && !KnownLoadBalancingPolicies.Contains(policy))
            errors.Add($"{cluster.Path}:LoadBalancingPolicy '{policy}' is unknown; use one of {string.Join(", ", KnownLoadBalancingPolicies)}");

        var affinity = cluster.GetSection("SessionAffinity");
        if (string.Equals(affinity["Policy"], "HashCookie", StringComparison.OrdinalIgnoreCase)
            || (bool.TryParse(affinity["Enabled"], out var on) && on && string.IsNullOrEmpty(affinity["Policy"])))
            errors.Add($"{affinity.Path}:Policy HashCookie (YARP's default affinity policy) is not supported by this build; use \"Cookie\" or \"CustomHeader\"");

        foreach (var key in new[] { "HealthCheck:Active:Interval", "HealthCheck:Active:Timeout", "HealthCheck:Passive:ReactivationPeriod", "HttpRequest:ActivityTimeout" })
        {
            var value = cluster[key];
            if (!string.IsNullOrEmpty(value) && (!TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var ts) || ts <= TimeSpan.Zero))
                errors.Add($"{cluster.Path}:{key} '{value}' is not a positive time span (hh:mm:ss)");
        }

        // YARP reads these itself and silently falls back to its default when they do not parse.
        var threshold = cluster["Metadata:ConsecutiveFailuresHealthPolicy.Threshold"];
        if (threshold is not null && (!double.TryParse(threshold, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) || !double.IsFinite(t) || t < 1))
            errors.Add($"{cluster.Path}:Metadata:ConsecutiveFailuresHealthPolicy.Threshold '{threshold}' must be a number of failed probes, 1 or more");
        var rateLimit = cluster["Metadata:TransportFailureRateHealthPolicy.RateLimit"];
        if (rateLimit is not null && (!double.TryParse(rateLimit, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) || !double.IsFinite(r) || r < 0 || r > 1))
            errors.Add($"{cluster.Path}:Metadata:TransportFailureRateHealthPolicy.RateLimit '{rateLimit}' must be a failure rate between 0 and 1");

        var protocol = cluster["Metadata:Protocol"];
        if (!string.IsNullOrEmpty(protocol) && !WorkerProtocolNames.IsKnown(protocol))
            errors.Add($"{cluster.Path}:Metadata:Protocol '{protocol}' is unknown; use 'ollama' or 'openai'");

        var destinations = cluster.GetSection("Destinations").GetChildren().ToList();
        if (destinations.Count == 0)
            errors.Add($"{cluster.Path}:Destinations is empty; a cluster needs at least one worker");
        foreach (var destination in destinations)
        {
            var address = destination["Address"];
            if (string.IsNullOrEmpty(address))
                errors.Add($"{destination.Path}:Address is required");
            else if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || string.IsNullOrEmpty(uri.Host))
                errors.Add($"{destination.Path}:Address '{address}' is not an absolute http:// or https:// URL");

            var weight = destination["Metadata:Weight"];
            if (weight is not null && (!double.TryParse(weight, NumberStyles.Float, CultureInfo.InvariantCulture, out var w) || !double.IsFinite(w) || w <= 0))
                errors.Add($"{destination.Path}:Metadata:Weight '{weight}' must be a positive number");
            var capacity = destination["Metadata:Capacity"];
            if (capacity is not null && (!int.TryParse(capacity, NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) || c <= 0))
                errors.Add($"{destination.Path}:Metadata:Capacity '{capacity}' must be a positive whole number");
        }
    }

    static void ValidateModels(IConfigurationSection models, HashSet<string> clusterIds, List<string> errors)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in models.GetChildren())
        {
            var name = entry["Name"];
            if (!ModelName.IsValid(name))
            {
                errors.Add($"{entry.Path}:Name '{name}' is not a valid model name");
                continue;
            }
            var cluster = entry["Cluster"];
            if (string.IsNullOrEmpty(cluster))
            {
                // A virtual model (Routes) has no cluster of its own; VirtualModelConfigValidator checks it.
                if (!VirtualModelConfigValidator.IsVirtual(entry))
                    errors.Add($"{entry.Path}:Cluster is required (or Routes, for a virtual model)");
            }
            else if (!clusterIds.Contains(cluster))
                errors.Add($"{entry.Path}:Cluster names cluster '{cluster}', which is not in ReverseProxy:Clusters");

            Claim(ModelName.Normalize(name!), $"{entry.Path}:Name");
            foreach (var alias in entry.GetSection("Aliases").GetChildren())
            {
                if (!ModelName.IsValid(alias.Value))
                    errors.Add($"{alias.Path} '{alias.Value}' is not a valid model name");
                else
                    Claim(ModelName.Normalize(alias.Value!), alias.Path);
            }
        }

        void Claim(string normalized, string key)
        {
            if (seen.TryGetValue(normalized, out var first))
                errors.Add($"{key} '{normalized}' is already used by {first}");
            else
                seen[normalized] = key;
        }
    }
}
