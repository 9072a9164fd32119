using System.Globalization;
using System.Text.Json.Nodes;

namespace ModelGateway.Tests.Fixtures;

/// <summary>Builds a gateway configuration file the way ops write one: clusters of workers, models, options.</summary>
public sealed class FleetConfig
{
    readonly JsonObject _clusters = new();
    readonly JsonArray _models = new();
    readonly JsonObject _root;

    public FleetConfig()
    {
        _root = new JsonObject
        {
            ["Logging"] = new JsonObject
            {
                ["LogLevel"] = new JsonObject { ["Default"] = "Information", ["Microsoft.AspNetCore"] = "Warning", ["Yarp"] = "Warning", ["Microsoft.AspNetCore.DataProtection"] = "Error" },
                ["Console"] = new JsonObject { ["FormatterName"] = "simple", ["FormatterOptions"] = new JsonObject { ["SingleLine"] = true } },
            },
            ["ReverseProxy"] = new JsonObject { ["Clusters"] = _clusters },
            ["Models"] = _models,
            // Tests want changes seen quickly.
            ["Inventory"] = new JsonObject { ["PollInterval"] = "00:00:00.200", ["RequestTimeout"] = "00:00:01" },
            // Tests of other capabilities call without keys; the key tests turn this off and add keys.
            ["Authentication"] = new JsonObject { ["Anonymous"] = new JsonObject { ["Enabled"] = true } },
        };
    }

    /// <summary>Adds a cluster; <paramref name="probeInterval"/> sets YARP's active health probe period.</summary>
    public FleetConfig Cluster(string id, TimeSpan? probeInterval = null, TimeSpan? reactivation = null, Action<JsonObject>? configure = null)
    {
        var interval = probeInterval ?? TimeSpan.FromMilliseconds(500);
        var cluster = new JsonObject
        {
            ["HealthCheck"] = new JsonObject
            {
                ["Active"] = new JsonObject { ["Enabled"] = true, ["Interval"] = Format(interval), ["Timeout"] = "00:00:01", ["Path"] = "/api/version" },
                ["Passive"] = new JsonObject { ["Enabled"] = true, ["ReactivationPeriod"] = Format(reactivation ?? TimeSpan.FromSeconds(30)) },
            },
            ["Metadata"] = new JsonObject { ["ConsecutiveFailuresHealthPolicy.Threshold"] = "1" },
            ["Destinations"] = new JsonObject(),
        };
        configure?.Invoke(cluster);
        _clusters[id] = cluster;
        return this;
    }

    public FleetConfig Worker(string clusterId, string id, string address, double weight = 1, int? capacity = null)
    {
        var metadata = new JsonObject { ["Weight"] = weight.ToString(CultureInfo.InvariantCulture) };
        if (capacity is { } c) metadata["Capacity"] = c.ToString(CultureInfo.InvariantCulture);
        ((JsonObject)_clusters[clusterId]!["Destinations"]!)[id] = new JsonObject { ["Address"] = address, ["Metadata"] = metadata };
        return this;
    }

    public FleetConfig Model(string name, string clusterId, params string[] aliases)
    {
        var entry = new JsonObject { ["Name"] = name, ["Cluster"] = clusterId };
        if (aliases.Length > 0) entry["Aliases"] = new JsonArray(aliases.Select(a => (JsonNode)a!).ToArray());
        _models.Add(entry);
        return this;
    }

    /// <summary>Sets any other key, e.g. <c>Set("ModelRouting:DiscoverFromWorkers", false)</c>.</summary>
    public FleetConfig Set(string path, JsonNode? value)
    {
        var parts = path.Split(':');
        var node = _root;
        foreach (var part in parts[..^1])
        {
            if (node[part] is not JsonObject child) node[part] = child = new JsonObject();
            node = child;
        }
        node[parts[^1]] = value;
        return this;
    }

    public JsonObject Root => _root;

    public string ToJson() => _root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

    static string Format(TimeSpan span) => span.ToString("c", CultureInfo.InvariantCulture);
}
