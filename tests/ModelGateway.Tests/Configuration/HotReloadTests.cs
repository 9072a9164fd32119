using System.Net;
using System.Text.Json.Nodes;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Configuration;

/// <summary>Ops edit the fleet file while the gateway runs.</summary>
[NonParallelizable]
public class HotReloadTests
{
    SimulatorProcess _east = null!, _west = null!;
    GatewayProcess _gateway = null!;

    FleetConfig Fleet(string modelCluster) => new FleetConfig()
        .Cluster("east").Worker("east", "e1", _east.BaseUrl)
        .Cluster("west").Worker("west", "w1", _west.BaseUrl)
        .Model("llama3.2:3b", modelCluster)
        .Set("ModelRouting:DiscoverFromWorkers", false);

    [SetUp]
    public async Task Start()
    {
        _east = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--preload", "*", "--token-ms", "100", "--reply-tokens", "20", "--quiet");
        _west = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--preload", "*", "--quiet");
        _gateway = await GatewayProcess.StartAsync(Fleet("east"), waitForModels: ["llama3.2:3b"]);
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

    [Test]
    public async Task EditingTheFile_ChangesRoutingWithinSeconds()
    {
        Assert.That(await WorkerAsync(), Is.EqualTo("e1"));
        await _gateway.WriteConfigAsync(Fleet("west"));
        await _gateway.WaitUntilAsync(async () => await WorkerAsync() == "w1", TimeSpan.FromSeconds(5), "routing to move to west");
        await _gateway.WaitForLogAsync("Configuration reloaded");
    }

    [Test]
    public async Task InFlightStream_SurvivesAReload()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat")
        {
            Content = new StringContent("""{"model":"llama3.2:3b","messages":[{"role":"user","content":"long answer please"}]}"""),
        };
        using var response = await _gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.That(await reader.ReadLineAsync(), Is.Not.Null);

        // Move the model away and drop the worker that is streaming.
        await _gateway.WriteConfigAsync(new FleetConfig().Cluster("west").Worker("west", "w1", _west.BaseUrl).Model("llama3.2:3b", "west"));
        await _gateway.WaitForLogAsync("Configuration reloaded");

        string? last = null;
        while (await reader.ReadLineAsync() is { } line) last = line;
        Assert.That((bool?)JsonNode.Parse(last!)!["done"], Is.True, "the stream that started before the reload must finish normally");
        Assert.That(await WorkerAsync(), Is.EqualTo("w1"));
    }

    static readonly object[] BadEdits =
    [
        new object[] { "unknown cluster", """{"ReverseProxy":{"Clusters":{"east":{"Destinations":{"e1":{"Address":"http://127.0.0.1:1"}}}}},"Models":[{"Name":"llama3.2:3b","Cluster":"nowhere"}]}""", "Models:0:Cluster names cluster 'nowhere'" },
        new object[] { "bad URL", """{"ReverseProxy":{"Clusters":{"east":{"Destinations":{"e1":{"Address":"htp:/broken"}}}}},"Models":[{"Name":"llama3.2:3b","Cluster":"east"}]}""", "ReverseProxy:Clusters:east:Destinations:e1:Address 'htp:/broken'" },
        new object[] { "malformed JSON", """{"ReverseProxy":{"Clusters":{""", "is not valid JSON" },
        new object[] { "HashCookie affinity", """{"ReverseProxy":{"Clusters":{"east":{"SessionAffinity":{"Enabled":true,"Policy":"HashCookie"},"Destinations":{"e1":{"Address":"http://127.0.0.1:1"}}}}}}""", "SessionAffinity:Policy HashCookie" },
    ];

    [TestCaseSource(nameof(BadEdits))]
    public async Task InvalidEdit_IsRejectedWithTheKey_AndTheLastGoodConfigKeepsServing(string what, string content, string logged)
    {
        await _gateway.WriteConfigTextAsync(content);
        await _gateway.WaitForLogAsync(logged);
        Assert.That(_gateway.Process.Output, Does.Contain("Configuration change in"), what);
        Assert.That(await WorkerAsync(), Is.EqualTo("e1"));

        var ready = await _gateway.Http.GetJsonObjectAsync("/readyz");
        Assert.That((string?)ready["checks"]!["configuration"]!["status"], Is.EqualTo("Degraded"));
        Assert.That((string?)ready["checks"]!["configuration"]!["description"], Does.Contain(logged));

        // Fixing the file recovers.
        await _gateway.WriteConfigAsync(Fleet("west"));
        await _gateway.WaitUntilAsync(async () => await WorkerAsync() == "w1", TimeSpan.FromSeconds(5), "the fixed file to apply");
    }

    [Test]
    public async Task FileBrieflyMissingMidSave_KeepsServing_ThenAppliesTheNewFile()
    {
        File.Delete(_gateway.ConfigPath);
        await _gateway.WaitForLogAsync("the file is missing");
        Assert.That(await WorkerAsync(), Is.EqualTo("e1"));
        await _gateway.WriteConfigAsync(Fleet("west"));
        await _gateway.WaitUntilAsync(async () => await WorkerAsync() == "w1", TimeSpan.FromSeconds(5), "the restored file to apply");
    }
}
