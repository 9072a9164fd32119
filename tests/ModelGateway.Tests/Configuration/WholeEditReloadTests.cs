using System.Net;
using System.Text.Json.Nodes;
using ModelGateway.Tests.Diagnostics;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Configuration;

/// <summary>
/// An edit of the fleet file is applied whole or not at all, whichever section holds the bad value and whoever would
/// refuse it (the gateway's options, YARP): the process never dies of an edit, and the last good configuration serves.
/// </summary>
[NonParallelizable]
public class WholeEditReloadTests
{
    SimulatorProcess _east = null!, _west = null!;
    GatewayProcess _gateway = null!;

    const string Model = "llama3.2:3b";

    FleetConfig Fleet(string modelCluster) => new FleetConfig()
        .Cluster("east").Worker("east", "e1", _east.BaseUrl)
        .Cluster("west").Worker("west", "w1", _west.BaseUrl)
        .Model(Model, modelCluster)
        .Set("ModelRouting:DiscoverFromWorkers", false);

    [SetUp]
    public async Task Start()
    {
        _east = await SimulatorProcess.StartAsync("--models", Model, "--preload", "*", "--quiet");
        _west = await SimulatorProcess.StartAsync("--models", Model, "--preload", "*", "--quiet");
        _gateway = await GatewayProcess.StartAsync(Fleet("east"), waitForModels: [Model]);
    }

    [TearDown]
    public async Task Stop()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        if (_east is not null) await _east.DisposeAsync();
        if (_west is not null) await _west.DisposeAsync();
    }

    async Task<string> WorkerAsync()
    {
        using var response = await _gateway.Http.PostJsonAsync("/api/generate", """{"model":"llama3.2:3b","prompt":"x","stream":false,"options":{"num_predict":1}}""");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return response.Worker();
    }

    async Task<double> ReloadsAsync(string result)
    {
        var text = await _gateway.Http.GetStringAsync("/metrics");
        return new MetricsScrape(text).Sum("modelgateway_config_reloads_total", ("result", result));
    }

    /// <summary>
    /// Writes <paramref name="edit"/> and checks that it was rejected as a whole: logged naming <paramref name="named"/>,
    /// counted, /readyz degraded with the reason, the process alive and requests still served by the east cluster.
    /// </summary>
    async Task AssertRejectedWholeAsync(FleetConfig edit, string named)
    {
        Assert.That(await WorkerAsync(), Is.EqualTo("e1"));
        var rejectedBefore = await ReloadsAsync("rejected");

        await _gateway.WriteConfigAsync(edit);
        await _gateway.WaitForLogAsync(named);
        await _gateway.WaitUntilAsync(async () => await ReloadsAsync("rejected") > rejectedBefore, TimeSpan.FromSeconds(10), "the rejection to be counted");

        // The process used to die within a second of such an edit; give it longer than that.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var output = _gateway.Process.Output;
        Assert.That(_gateway.Process.HasExited, Is.False, "the gateway must survive a bad edit:\n" + output);
        Assert.That(output, Does.Contain("Configuration change in " + _gateway.ConfigPath + " rejected"));
        Assert.That(output, Does.Not.Contain("Unhandled exception"));
        Assert.That(output, Does.Not.Contain("Configuration reloaded"), "no part of the edit may be reported as applied");
        Assert.That(output, Does.Not.Contain("Failed to apply the new config"), "YARP is never handed an edit it would refuse");
        Assert.That(await ReloadsAsync("applied"), Is.Zero);

        // The edit also moved the model to west: any part of it applied would show here.
        for (var i = 0; i < 3; i++)
            Assert.That(await WorkerAsync(), Is.EqualTo("e1"), "the last good configuration keeps serving");

        var ready = await _gateway.Http.GetJsonObjectAsync("/readyz");
        Assert.That((string?)ready["checks"]!["configuration"]!["status"], Is.EqualTo("Degraded"));
        Assert.That((string?)ready["checks"]!["configuration"]!["description"], Does.Contain(named));

        // Fixing the file applies it.
        await _gateway.WriteConfigAsync(Fleet("west"));
        await _gateway.WaitUntilAsync(async () => await WorkerAsync() == "w1", TimeSpan.FromSeconds(5), "the fixed file to apply");
        ready = await _gateway.Http.GetJsonObjectAsync("/readyz");
        Assert.That((string?)ready["checks"]!["configuration"]!["status"], Is.EqualTo("Healthy"));
        Assert.That(_gateway.Process.HasExited, Is.False);
    }

    static readonly object[] BadValues =
    [
        new object[] { "Dispatch:MaxAttempts", "0", "Dispatch:MaxAttempts must be between 1 and 20" },
        new object[] { "Dispatch:QueueTimeout", "\"soon\"", "Dispatch:QueueTimeout 'soon' is not a time span (hh:mm:ss)" },
        new object[] { "Inventory:PollInterval", "\"banana\"", "Inventory:PollInterval 'banana' is not a time span (hh:mm:ss)" },
        new object[] { "Validation:MaxMessages", "\"abc\"", "Validation:MaxMessages 'abc' is not a whole number" },
        new object[] { "Gateway:MaxRequestBodyBytes", "-5", "Gateway:MaxRequestBodyBytes must be between 1 KiB and 2 GiB" },
        // Read at start-up only: still checked, so the next restart cannot fail on it.
        new object[] { "ResponseCache:Ttl", "\"xx\"", "ResponseCache:Ttl 'xx' is not a time span (hh:mm:ss)" },
        new object[] { "Responses:StoreFor", "\"31.00:00:00\"", "Responses:StoreFor must be between 1 second and 30 days" },
        new object[] { "Redis:Endpoint", "\"redis-host:notaport\"", "Redis:Endpoint must be 'host:port'" },
        new object[] { "ModelRouting:DiscoverFromWorkers", "\"maybe\"", "ModelRouting:DiscoverFromWorkers 'maybe' is not true or false" },
        new object[] { "Logging:LogLevel:Default", "\"Loud\"", "Logging:LogLevel:Default 'Loud' is not a log level" },
        new object[] { "Logging:Console:MaxQueueLength", "0", "Logging:Console:MaxQueueLength '0' must be a whole number of lines, 1 or more" },
        new object[] { "Logging:Console:FormatterName", "\"jsn\"", "Logging:Console:FormatterName 'jsn' is not a console formatter" },
        new object[] { "RateLimits:RedisTimeout", "\"later\"", "RateLimits:RedisTimeout 'later' must be a time span" },
        new object[] { "Cors:AllowedOrigins", "[\"chat.example.com\"]", "Cors:AllowedOrigins:0 must be '*' or an origin" },
    ];

    [TestCaseSource(nameof(BadValues))]
    public Task OneBadValueInAnySection_RejectsTheWholeEdit_AndTheGatewayKeepsServing(string key, string json, string named)
        => AssertRejectedWholeAsync(Fleet("west").Set(key, JsonNode.Parse(json)), named);

    /// <summary>What only YARP knows to refuse: its policy names and its own limits.</summary>
    static readonly object[] RefusedByYarp =
    [
        new object[] { "HealthCheck:AvailableDestinationsPolicy", "Bogus", "No matching IAvailableDestinationsPolicy found for the available destinations policy 'Bogus'" },
        new object[] { "HealthCheck:Active:Policy", "Bogus", "No matching IActiveHealthCheckPolicy found for the active health check policy name 'Bogus'" },
        new object[] { "HealthCheck:Passive:Policy", "Bogus", "No matching IPassiveHealthCheckPolicy found for the passive health check policy name 'Bogus'" },
        new object[] { "HttpClient:MaxConnectionsPerServer", "0", "Max connections per server limit set on the cluster 'gpu3' must be positive" },
        new object[] { "Metadata:ConsecutiveFailuresHealthPolicy.Threshold", "zero", "ReverseProxy:Clusters:gpu3:Metadata:ConsecutiveFailuresHealthPolicy.Threshold 'zero'" },
    ];

    [TestCaseSource(nameof(RefusedByYarp))]
    public Task AnEditYarpWouldRefuse_IsRejectedWhole_KeepingBothTheClustersAndTheModelTable(string clusterKey, string value, string named)
    {
        // A new cluster that YARP would refuse, and the model moved onto it.
        var edit = Fleet("east")
            .Cluster("gpu3", configure: cluster => SetPath(cluster, clusterKey, value))
            .Worker("gpu3", "g1", _west.BaseUrl)
            .Set("Models", new JsonArray(new JsonObject { ["Name"] = Model, ["Cluster"] = "gpu3" }));
        return AssertRejectedWholeAsync(edit, named);
    }

    static void SetPath(JsonObject root, string path, string value)
    {
        var parts = path.Split(':');
        var node = root;
        foreach (var part in parts[..^1])
        {
            if (node[part] is not JsonObject child) node[part] = child = new JsonObject();
            node = child;
        }
        node[parts[^1]] = value;
    }
}
