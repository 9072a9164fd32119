using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Preloading;

/// <summary>
/// Models:&lt;i&gt;:KeepLoaded end to end: a real gateway keeps a model loaded on simulated workers, watched through
/// the workers' own /api/ps, without any client request.
/// </summary>
[NonParallelizable]
public class KeepLoadedFleetTests
{
    const string Model = "llama3.2:3b";
    static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    /// <summary>A cluster "gpu" of the given workers (named a, b, ...) serving <see cref="Model"/>, kept loaded on <paramref name="keepLoaded"/>.</summary>
    static FleetConfig Fleet(int? keepLoaded, string? keepAlive, params SimulatorProcess[] workers)
    {
        var config = new FleetConfig().Cluster("gpu");
        for (var i = 0; i < workers.Length; i++) config.Worker("gpu", ((char)('a' + i)).ToString(), workers[i].BaseUrl);
        config.Model(Model, "gpu");
        var entry = (JsonObject)config.Root["Models"]![0]!;
        if (keepLoaded is { } count) entry["KeepLoaded"] = count;
        if (keepAlive is not null) entry["KeepAlive"] = keepAlive;
        return config;
    }

    /// <summary>The worker's own /api/ps: loaded model → expires_at.</summary>
    static async Task<Dictionary<string, DateTimeOffset>> LoadedAsync(SimulatorProcess worker)
    {
        var ps = await Http.GetFromJsonAsync<JsonObject>(worker.BaseUrl + "/api/ps");
        return ps!["models"]!.AsArray().ToDictionary(m => (string)m!["name"]!, m => DateTimeOffset.Parse((string)m!["expires_at"]!, CultureInfo.InvariantCulture));
    }

    static async Task<bool> HoldsAsync(SimulatorProcess worker) => (await LoadedAsync(worker)).ContainsKey(Model);

    static Task WaitForHolderAsync(GatewayProcess gateway, SimulatorProcess worker, string what)
        => gateway.WaitUntilAsync(() => HoldsAsync(worker), Patience, what);

    static async Task<SimulatorProcess[]> HoldersAsync(params SimulatorProcess[] workers)
    {
        var holders = new List<SimulatorProcess>();
        foreach (var worker in workers)
            if (await HoldsAsync(worker)) holders.Add(worker);
        return holders.ToArray();
    }

    /// <summary>The worker may report the model loaded a moment before the gateway has read its answer and logged it.</summary>
    static Task WaitForLoadsAsync(GatewayProcess gateway, string line, int count)
        => gateway.WaitUntilAsync(() => Task.FromResult(Count(gateway.Process.Output, line) >= count), Patience, $"{count} log lines '{line}'");

    static int Count(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    [Test]
    public async Task KeepLoaded1_LoadsTheModelOnOneWorkerWithoutAnyRequest_SoTheFirstRequestFindsItLoaded()
    {
        await using var a = await SimulatorProcess.StartAsync("--models", Model, "--load-ms", "1500");
        await using var b = await SimulatorProcess.StartAsync("--models", Model, "--load-ms", "1500");
        Assert.That(await HoldersAsync(a, b), Is.Empty, "control: the workers start with nothing loaded");
        await using var gateway = await GatewayProcess.StartAsync(Fleet(1, null, a, b));

        await gateway.WaitUntilAsync(async () => (await HoldersAsync(a, b)).Length > 0, Patience, $"{Model} loaded on a worker");
        await Task.Delay(1000);
        var holders = await HoldersAsync(a, b);
        Assert.That(holders, Has.Length.EqualTo(1), "KeepLoaded 1: one worker, not both");
        var holder = holders[0] == a ? "a" : "b";
        var other = holders[0] == a ? b : a;
        Assert.That((await other.GetStatsAsync()).InferenceRequests, Is.Zero, "the other worker was sent nothing");
        Assert.That(gateway.Process.Output, Does.Contain($"Loaded {Model} on gpu/{holder} in "));

        using var response = await gateway.Http.PostJsonAsync("/api/generate", $$"""{"model":"{{Model}}","prompt":"hello","stream":false}""");
        var body = await response.ReadJsonObjectAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        Assert.That(response.Worker(), Is.EqualTo(holder), "the load balancer prefers the worker that has it loaded");
        Assert.That((long)body["load_duration"]!, Is.LessThan(100_000_000), "no cold load (1500 ms) for the first client");
    }

    [Test]
    public async Task KeepLoaded2_LoadsItOnBothWorkers_AndMetricsAndReadinessSaySo()
    {
        await using var a = await SimulatorProcess.StartAsync("--models", Model, "--load-ms", "300");
        await using var b = await SimulatorProcess.StartAsync("--models", Model, "--load-ms", "300");
        await using var gateway = await GatewayProcess.StartAsync(Fleet(2, "10m", a, b));

        await gateway.WaitUntilAsync(async () => (await HoldersAsync(a, b)).Length == 2, Patience, $"{Model} loaded on both workers");
        // The keep-alive the gateway sent is the configured one, not the worker's default (5 minutes).
        var expiresAt = (await LoadedAsync(a))[Model];
        Assert.That(expiresAt - DateTimeOffset.Now, Is.GreaterThan(TimeSpan.FromMinutes(9)).And.LessThanOrEqualTo(TimeSpan.FromMinutes(10)));

        await gateway.WaitUntilAsync(async () => (await gateway.Http.GetStringAsync("/metrics"))
            .Contains("modelgateway_preload_workers_loaded{cluster=\"gpu\",model=\"llama3.2:3b\"} 2"), Patience, "the kept-model gauge at 2");
        var metrics = await gateway.Http.GetStringAsync("/metrics");
        Assert.That(metrics, Does.Contain("modelgateway_preload_workers_wanted{cluster=\"gpu\",model=\"llama3.2:3b\"} 2"));
        Assert.That(metrics, Does.Contain("modelgateway_preload_loads_total{cluster=\"gpu\",model=\"llama3.2:3b\",outcome=\"loaded\",worker=\"a\"} 1"));
        Assert.That(metrics, Does.Contain("modelgateway_preload_loads_total{cluster=\"gpu\",model=\"llama3.2:3b\",outcome=\"loaded\",worker=\"b\"} 1"));

        using var ready = await gateway.Http.GetAsync("/readyz");
        var check = (await ready.ReadJsonObjectAsync())["checks"]!["preload"]!;
        Assert.That((string?)check["status"], Is.EqualTo("Healthy"));
        Assert.That((string?)check["data"]!["llama3.2:3b@gpu"], Is.EqualTo("loaded on 2 of 2 workers wanted (KeepLoaded 2)"));
    }

    [Test]
    public async Task AfterAClientUnloadsIt_TheGatewayLoadsItAgain()
    {
        await using var a = await SimulatorProcess.StartAsync("--models", Model, "--load-ms", "300");
        await using var gateway = await GatewayProcess.StartAsync(Fleet(1, null, a));
        await WaitForHolderAsync(gateway, a, $"{Model} loaded");

        using (var unload = await gateway.Http.PostJsonAsync("/api/generate", $$"""{"model":"{{Model}}","keep_alive":0}"""))
            Assert.That((string?)(await unload.ReadJsonObjectAsync())["done_reason"], Is.EqualTo("unload"));
        Assert.That(await HoldsAsync(a), Is.False, "control: the client's keep_alive 0 unloaded it");

        await WaitForHolderAsync(gateway, a, $"{Model} loaded again");
        await WaitForLoadsAsync(gateway, $"Loaded {Model} on gpu/a in ", 2);
    }

    [Test]
    public async Task AClientRequestThatShortensTheKeepAlive_IsFollowedByARefresh()
    {
        // The worker's default keep-alive is 2 s: a client request without keep_alive leaves the model 2 s to live.
        await using var a = await SimulatorProcess.StartAsync("--models", Model, "--keep-alive", "2s");
        await using var gateway = await GatewayProcess.StartAsync(Fleet(1, "1h", a));
        await gateway.WaitUntilAsync(async () => (await LoadedAsync(a)).TryGetValue(Model, out var at) && at > DateTimeOffset.Now.AddMinutes(50),
            Patience, $"{Model} loaded for an hour");

        using (var response = await gateway.Http.PostJsonAsync("/api/generate", $$"""{"model":"{{Model}}","prompt":"hi","stream":false}"""))
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await gateway.WaitForLogAsync($"Loading {Model} on gpu/a to keep it loaded (its keep-alive ends in ");
        await gateway.WaitUntilAsync(async () => (await LoadedAsync(a)).TryGetValue(Model, out var at) && at > DateTimeOffset.Now.AddMinutes(50),
            Patience, $"{Model} loaded for an hour again");
        await Task.Delay(2500);
        Assert.That(await HoldsAsync(a), Is.True, "still loaded after the client's 2 s would have ended");
    }

    [Test]
    public async Task ARestartedWorker_GetsTheModelAgain()
    {
        await using var a = await SimulatorProcess.StartAsync("--models", Model, "--load-ms", "300");
        await using var gateway = await GatewayProcess.StartAsync(Fleet(1, null, a));
        await WaitForHolderAsync(gateway, a, $"{Model} loaded");

        await a.RestartAsync();
        var afterRestart = await a.GetStatsAsync();

        await WaitForHolderAsync(gateway, a, $"{Model} loaded on the restarted worker");
        Assert.That(afterRestart.InferenceRequests, Is.Zero, "control: the restarted worker started empty");
        await WaitForLoadsAsync(gateway, $"Loaded {Model} on gpu/a in ", 2);
    }

    [Test]
    public async Task WhenTheWorkerHoldingItGoesDown_AnotherWorkerLoadsIt()
    {
        await using var a = await SimulatorProcess.StartAsync("--models", Model, "--load-ms", "300");
        await using var b = await SimulatorProcess.StartAsync("--models", Model, "--load-ms", "300");
        await using var gateway = await GatewayProcess.StartAsync(Fleet(1, null, a, b));
        await gateway.WaitUntilAsync(async () => (await HoldersAsync(a, b)).Length == 1, Patience, $"{Model} loaded on a worker");
        var holder = (await HoldersAsync(a, b))[0];
        var other = holder == a ? b : a;

        await holder.SetFaultsAsync(refuseForMs: 6000);

        await WaitForHolderAsync(gateway, other, $"{Model} loaded on the worker still up");
    }

    [Test]
    public async Task AWorkerWithoutTheModelInstalled_IsSentNoLoads()
    {
        await using var a = await SimulatorProcess.StartAsync("--models", Model, "--load-ms", "300");
        await using var b = await SimulatorProcess.StartAsync("--models", "qwen3:8b");
        await using var gateway = await GatewayProcess.StartAsync(Fleet(2, null, a, b));

        await WaitForHolderAsync(gateway, a, $"{Model} loaded on the worker that has it");
        await Task.Delay(1000);
        Assert.That((await b.GetStatsAsync()).InferenceRequests, Is.Zero);
        Assert.That(gateway.Process.Output, Does.Not.Contain("on gpu/b"));
        Assert.That(gateway.Process.Output, Does.Not.Contain("Could not load"));
    }

    [Test]
    public async Task AnEmbeddingModel_IsLoadedThroughEmbed()
    {
        const string embedder = "all-minilm:latest";
        await using var a = await SimulatorProcess.StartAsync("--models", embedder + "=embedding", "--load-ms", "300");
        var config = new FleetConfig().Cluster("cpu").Worker("cpu", "a", a.BaseUrl).Model(embedder, "cpu");
        ((JsonObject)config.Root["Models"]![0]!)["KeepLoaded"] = 1;
        await using var gateway = await GatewayProcess.StartAsync(config);

        await gateway.WaitUntilAsync(async () => (await LoadedAsync(a)).ContainsKey(embedder), Patience, $"{embedder} loaded");
        await gateway.WaitForLogAsync($"Loaded {embedder} on cpu/a in ");
        Assert.That(gateway.Process.Output, Does.Not.Contain("Could not load"), "generate is refused by embedding models; the gateway knows to use embed");
    }

    [Test]
    public async Task HotReload_TurnsKeepingOnAndOff()
    {
        await using var a = await SimulatorProcess.StartAsync("--models", Model, "--load-ms", "300");
        await using var gateway = await GatewayProcess.StartAsync(Fleet(null, null, a));
        await Task.Delay(1500);
        Assert.That(await HoldsAsync(a), Is.False, "not kept: nothing is loaded");
        Assert.That((await a.GetStatsAsync()).InferenceRequests, Is.Zero);

        await gateway.WriteConfigAsync(Fleet(1, null, a));
        await WaitForHolderAsync(gateway, a, $"{Model} loaded once KeepLoaded is set");

        await gateway.WriteConfigAsync(Fleet(0, null, a));
        await gateway.WaitForLogAsync($"No longer keeping {Model} loaded on cluster gpu");
        using (var unload = await Http.PostAsync(a.BaseUrl + "/api/generate", new StringContent($$"""{"model":"{{Model}}","keep_alive":0}""")))
            Assert.That(unload.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await Task.Delay(1500);
        Assert.That(await HoldsAsync(a), Is.False, "KeepLoaded 0: not loaded again");
        Assert.That(Count(gateway.Process.Output, $"Loading {Model} on gpu/a"), Is.EqualTo(1));
    }
}
