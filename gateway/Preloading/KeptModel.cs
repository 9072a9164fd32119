using System.Globalization;
using ModelGateway.Routing;

namespace ModelGateway.Preloading;

/// <summary>A <c>Models</c> entry with <c>KeepLoaded</c> above 0: which model, on how many workers of which cluster, loaded for how long.</summary>
/// <param name="Name">The model's name as configured (the workers' own spelling is taken from their inventory).</param>
/// <param name="Normalized">The inventory's key for it.</param>
/// <param name="KeepAlive">The <c>keep_alive</c> the gateway's loads carry; <see cref="KeepAliveValue.Forever"/> for forever.</param>
internal sealed record KeptModel(string Name, string Normalized, string ClusterId, int KeepLoaded, TimeSpan KeepAlive)
{
    static readonly TimeSpan LongestMargin = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long before a worker would unload the model the gateway loads it again: long enough for the request to
    /// arrive in time, short enough that a finite keep-alive is renewed rarely (every KeepAlive minus this).
    /// </summary>
    public TimeSpan RefreshMargin => KeepAlive == KeepAliveValue.Forever || KeepAlive / 2 > LongestMargin ? LongestMargin : KeepAlive / 2;

    /// <summary>The entries of the <c>Models</c> array that keep their model loaded. Values that do not parse are left out; the fleet validator names them.</summary>
    public static IReadOnlyList<KeptModel> ReadAll(IConfiguration config)
    {
        var kept = new List<KeptModel>();
        foreach (var entry in config.GetSection("Models").GetChildren())
        {
            var name = entry["Name"];
            var cluster = entry["Cluster"];
            if (!ModelName.IsValid(name) || string.IsNullOrEmpty(cluster)) continue;
            if (!int.TryParse(entry["KeepLoaded"], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count <= 0) continue;
            var keepAlive = KeepAliveValue.Default;
            if (!string.IsNullOrEmpty(entry["KeepAlive"]) && (!KeepAliveValue.TryParse(entry["KeepAlive"], out keepAlive) || (keepAlive != KeepAliveValue.Forever && keepAlive < KeepAliveValue.Shortest))) continue;
            kept.Add(new KeptModel(name!, ModelName.Normalize(name!), cluster, count, keepAlive));
        }
        return kept;
    }
}
