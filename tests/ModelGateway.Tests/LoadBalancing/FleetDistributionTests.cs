using System.Net;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.LoadBalancing;

/// <summary>The WeightedLeastLoaded policy observed end to end, through a real gateway over simulated workers.</summary>
[NonParallelizable]
public class FleetDistributionTests
{
    static async Task<Dictionary<string, int>> SendAsync(GatewayProcess gateway, int count, string model = "llama3.2:3b")
    {
        var counts = new Dictionary<string, int>();
        for (var i = 0; i < count; i++)
        {
            using var response = await gateway.Http.PostJsonAsync("/api/generate", $$$"""{"model":"{{{model}}}","prompt":"n{{{i}}}","stream":false,"options":{"num_predict":1}}""");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
            var worker = response.Worker();
            counts[worker] = counts.GetValueOrDefault(worker) + 1;
        }
        return counts;
    }

    [Test]
    public async Task Weights3To1_GiveAbout75To25()
    {
        await using var a = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--preload", "*", "--quiet");
        await using var b = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--preload", "*", "--quiet");
        await using var gateway = await GatewayProcess.StartAsync(new FleetConfig()
            .Cluster("gpu").Worker("gpu", "a", a.BaseUrl, weight: 3).Worker("gpu", "b", b.BaseUrl, weight: 1)
            .Model("llama3.2:3b", "gpu"), waitForModels: ["llama3.2:3b"]);

        var counts = await SendAsync(gateway, 400);
        var share = counts.GetValueOrDefault("a") / 400.0;
        // 3 standard deviations of a binomial(400, 0.75) is about ±6.5 %.
        Assert.That(share, Is.EqualTo(0.75).Within(0.07), $"a={counts.GetValueOrDefault("a")} b={counts.GetValueOrDefault("b")}");
    }

    [Test]
    public async Task WorkerWithTheModelLoaded_WinsOverOneThatMustLoadIt()
    {
        await using var loaded = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--preload", "*", "--quiet");
        await using var cold = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--load-ms", "2000", "--quiet");
        await using var gateway = await GatewayProcess.StartAsync(new FleetConfig()
            .Cluster("gpu").Worker("gpu", "cold", cold.BaseUrl, weight: 5).Worker("gpu", "loaded", loaded.BaseUrl, weight: 1)
            .Model("llama3.2:3b", "gpu"), waitForModels: ["llama3.2:3b"]);
        await gateway.WaitUntilAsync(async () => (await gateway.Http.GetStringAsync("/api/ps")).Contains("llama3.2:3b"), TimeSpan.FromSeconds(10), "llama3.2:3b in /api/ps");

        var counts = await SendAsync(gateway, 40);
        Assert.That(counts.GetValueOrDefault("loaded"), Is.EqualTo(40), $"cold={counts.GetValueOrDefault("cold")}");
    }

    [Test]
    public async Task SaturatedWorker_BurstIsHeldInTheGateway_AndEveryRequestIsServed()
    {
        await using var a = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--preload", "*", "--token-ms", "20", "--reply-tokens", "5", "--parallel", "1", "--max-queue", "0", "--quiet");
        await using var gateway = await GatewayProcess.StartAsync(new FleetConfig()
            .Cluster("gpu").Worker("gpu", "a", a.BaseUrl, capacity: 1).Model("llama3.2:3b", "gpu"), waitForModels: ["llama3.2:3b"]);

        // Sent straight to the worker, a burst is mostly turned away: one slot, no queue.
        using var direct = new HttpClient { BaseAddress = new Uri(a.BaseUrl) };
        var directly = await Burst(direct);
        Assert.That(directly, Has.Some.EqualTo(HttpStatusCode.ServiceUnavailable), "control: the worker alone refuses a burst");

        // Through the gateway (Capacity 1) the same burst waits its turn in the gateway and every request is served.
        var throughGateway = await Burst(gateway.Http);
        Assert.That(throughGateway, Is.All.EqualTo(HttpStatusCode.OK));

        static Task<HttpStatusCode[]> Burst(HttpClient http) => Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            using var r = await http.PostJsonAsync("/api/generate", $$"""{"model":"llama3.2:3b","prompt":"q{{i}}","stream":false}""");
            return r.StatusCode;
        }));
    }

    [Test]
    public async Task CapacityRaisedWhileRequestsWait_TheQueuedRequestsUseItAtOnce()
    {
        // 10 s a reply, so the first is still running whatever the machine's pace; the worker itself runs 4 at once,
        // but the gateway is told it runs 1.
        await using var a = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--preload", "*", "--token-ms", "100", "--reply-tokens", "100", "--parallel", "4", "--quiet");
        FleetConfig Config(int capacity) => new FleetConfig().Cluster("gpu").Worker("gpu", "a", a.BaseUrl, capacity: capacity)
            .Model("llama3.2:3b", "gpu").Set("Dispatch:QueueTimeout", "00:01:00");
        await using var gateway = await GatewayProcess.StartAsync(Config(1), waitForModels: ["llama3.2:3b"]);

        var burst = Task.WhenAll(Enumerable.Range(0, 3).Select(async i =>
        {
            using var r = await gateway.Http.PostJsonAsync("/api/generate", $$"""{"model":"llama3.2:3b","prompt":"q{{i}}","stream":false}""");
            return r.StatusCode;
        }));
        await gateway.WaitUntilAsync(async () => (await gateway.Http.GetStringAsync("/metrics")).Contains("modelgateway_cluster_queue_length{cluster=\"gpu\"} 2"),
            TimeSpan.FromSeconds(6), "two requests queued behind the one slot");

        // The operator raises the capacity: the two waiting requests go to the worker now, long before the first ends.
        await gateway.WriteConfigAsync(Config(3));
        await gateway.WaitForLogAsync("Configuration reloaded");
        await gateway.WaitUntilAsync(async () => (await a.GetStatsAsync()).InFlight == 3, TimeSpan.FromSeconds(3),
            "the queued requests to reach the worker once its capacity was raised, while the first still runs");
        Assert.That(await burst, Is.All.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task WorkerBusyForAMoment_RequestWaitsInTheGateway_AndSucceeds()
    {
        // One slot, no queue of its own: while the slot is held the worker answers 503 "server busy".
        await using var a = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--preload", "*", "--token-ms", "100", "--reply-tokens", "8", "--parallel", "1", "--max-queue", "0", "--quiet");
        await using var gateway = await GatewayProcess.StartAsync(new FleetConfig()
            .Cluster("gpu").Worker("gpu", "a", a.BaseUrl).Model("llama3.2:3b", "gpu"), waitForModels: ["llama3.2:3b"]);
        using var hog = new HttpClient();
        var holding = hog.PostAsync(a.BaseUrl + "/api/generate", new StringContent("""{"model":"llama3.2:3b","prompt":"hold the slot"}"""));
        await Task.Delay(200);

        using var response = await gateway.Http.PostJsonAsync("/api/generate", """{"model":"llama3.2:3b","prompt":"q","stream":false}""");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(gateway.Process.Output, Does.Contain("gpu/a answered 503"), "the worker was busy at first");
        using var held = await holding;
        Assert.That(held.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
