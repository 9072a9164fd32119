using System.Text.Json.Nodes;

namespace ModelGateway.Bench.Processes;

/// <summary>
/// The published gateway with a generated fleet file: one cluster per simulator, each serving that simulator's model,
/// plus an optional overlay (a profile under bench/profiles: keys, rate limits, caching) merged on top.
/// </summary>
public sealed class GatewayServer : IAsyncDisposable
{
    GatewayServer(string variant, int port, ServerProcess process)
    {
        Variant = variant;
        Port = port;
        Process = process;
    }

    /// <summary>"plain" or the name of the overlay profile.</summary>
    public string Variant { get; }
    public int Port { get; }
    public ServerProcess Process { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public static async Task<GatewayServer> StartAsync(string gatewayDll, string workDir, IReadOnlyList<Simulator> upstreams,
        int? cpu, string variant = "plain", JsonObject? overlay = null)
    {
        var port = FreePort.Next();
        var config = FleetFile(upstreams);
        if (overlay is not null) Merge(config, overlay);
        var path = Path.Combine(workDir, $"gateway-{variant}.json");
        await File.WriteAllTextAsync(path, config.ToJsonString(new() { WriteIndented = true }));

        var env = new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["MODELGATEWAY_CONFIG"] = null };
        ShippedRuntimeEnvironment.AddTo(env);
        // Run in the work directory: ASP.NET Core watches its content root (the working directory) and everything below
        // it for configuration edits, and the default output folder, where the servers' logs are written, lies inside the
        // repository — the gateway would otherwise do work for every log write.
        var process = ServerProcess.Start($"gateway-{variant}", cpu, "dotnet",
            [gatewayDll, "--config", path, "--urls", $"http://127.0.0.1:{port}"], env, workingDirectory: workDir);
        var gateway = new GatewayServer(variant, port, process);
        try
        {
            await process.WaitForPortAsync(port, TimeSpan.FromSeconds(60));
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// What an operator would write: the shipped logging defaults, one cluster per worker, explicit model routes. The
    /// plain gateway is the proxy alone: callers without a key admitted (no budget) and the response cache off; the
    /// profiles in bench/profiles switch keys, rate limits and the cache on.
    /// </summary>
    static JsonObject FleetFile(IReadOnlyList<Simulator> upstreams)
    {
        var clusters = new JsonObject();
        var models = new JsonArray();
        foreach (var upstream in upstreams)
        {
            clusters[upstream.Profile.Name] = new JsonObject
            {
                ["Destinations"] = new JsonObject { ["w1"] = new JsonObject { ["Address"] = upstream.BaseUrl } },
            };
            models.Add(new JsonObject { ["Name"] = upstream.Profile.Model, ["Cluster"] = upstream.Profile.Name });
        }
        return new JsonObject
        {
            ["Logging"] = new JsonObject
            {
                ["LogLevel"] = new JsonObject
                {
                    ["Default"] = "Information", ["Microsoft.AspNetCore"] = "Warning", ["Microsoft.AspNetCore.Hosting.Diagnostics"] = "None", ["Yarp"] = "Warning",
                    ["Yarp.ReverseProxy.Health"] = "Error", ["Microsoft.AspNetCore.DataProtection"] = "Error",
                },
                ["Console"] = new JsonObject { ["FormatterName"] = "json" },
            },
            ["ReverseProxy"] = new JsonObject { ["Clusters"] = clusters },
            ["Models"] = models,
            ["Authentication"] = new JsonObject { ["Anonymous"] = new JsonObject { ["Enabled"] = true } },
            ["ResponseCache"] = new JsonObject { ["Enabled"] = false },
        };
    }

    /// <summary>Objects merge key by key; anything else in the overlay replaces the base value.</summary>
    public static void Merge(JsonObject target, JsonObject overlay)
    {
        foreach (var (key, value) in overlay.ToList())
        {
            if (value is JsonObject child && target[key] is JsonObject existing)
                Merge(existing, child);
            else
                target[key] = value?.DeepClone();
        }
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
