using System.Net;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Health;

/// <summary>Workers leave and rejoin the rotation: active probes, passive detection, failover before the first byte.</summary>
[NonParallelizable]
public class WorkerHealthTests
{
    static async Task<List<string>> SendAsync(GatewayProcess gateway, int count)
    {
        var workers = new List<string>();
        for (var i = 0; i < count; i++)
        {
            using var response = await gateway.Http.PostJsonAsync("/api/generate", $$$"""{"model":"llama3.2:3b","prompt":"p{{{i}}}","stream":false,"options":{"num_predict":1}}""");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
            workers.Add(response.Worker());
        }
        return workers;
    }

    [Test]
    public async Task KilledWorker_LeavesTheRotation_AndARecoveredOneComesBack()
    {
        await using var a = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--preload", "*", "--quiet");
        await using var b = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--preload", "*", "--quiet");
        var probe = TimeSpan.FromMilliseconds(500);
        await using var gateway = await GatewayProcess.StartAsync(new FleetConfig()
            .Cluster("gpu", probeInterval: probe, reactivation: TimeSpan.FromSeconds(1))
            .Worker("gpu", "a", a.BaseUrl).Worker("gpu", "b", b.BaseUrl)
            .Model("llama3.2:3b", "gpu"), waitForModels: ["llama3.2:3b"]);
        Assert.That(await SendAsync(gateway, 40), Does.Contain("b"));

        b.Kill();
        // Every request still succeeds (failover before the first byte), and after one probe interval none goes to b.
        await SendAsync(gateway, 5);
        await Task.Delay(probe * 3);
        Assert.That(await SendAsync(gateway, 40), Is.All.EqualTo("a"));

        await b.RestartAsync();
        await gateway.WaitUntilAsync(async () => (await SendAsync(gateway, 10)).Contains("b"), TimeSpan.FromSeconds(15), "worker b back in rotation");
    }

    [Test]
    public async Task WorkerRefusingConnections_IsDroppedBeforeTheNextProbe()
    {
        await using var a = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--preload", "*", "--quiet");
        await using var b = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--preload", "*", "--quiet");
        // Probes and inventory polls far apart: only passive detection can notice in time.
        await using var gateway = await GatewayProcess.StartAsync(new FleetConfig()
            .Cluster("gpu", probeInterval: TimeSpan.FromMinutes(5), reactivation: TimeSpan.FromMinutes(5))
            .Worker("gpu", "a", a.BaseUrl).Worker("gpu", "b", b.BaseUrl)
            .Model("llama3.2:3b", "gpu")
            .Set("Inventory:PollInterval", "00:05:00"), waitForModels: ["llama3.2:3b"]);

        b.Kill();
        var workers = await SendAsync(gateway, 30);
        Assert.That(workers, Is.All.EqualTo("a"));
        var failovers = gateway.Process.Output.Split('\n').Count(l => l.Contains("gpu/b unreachable, failing over"));
        Assert.That(failovers, Is.EqualTo(1), "b should be tried once, then taken out of rotation:\n" + gateway.Process.Output);
    }

    [Test]
    public async Task WorkerAnsweringServerBusy_FailsOverToAnother()
    {
        // One slot, no queue: while the slot is held, this worker answers Ollama's 503 "server busy".
        await using var busy = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--preload", "*", "--token-ms", "3000", "--parallel", "1", "--max-queue", "0", "--quiet");
        await using var ok = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--preload", "*", "--quiet");
        await using var gateway = await GatewayProcess.StartAsync(new FleetConfig()
            .Cluster("gpu").Worker("gpu", "busy", busy.BaseUrl, weight: 1000).Worker("gpu", "ok", ok.BaseUrl, weight: 1)
            .Model("llama3.2:3b", "gpu"), waitForModels: ["llama3.2:3b"]);

        using var hog = new HttpClient();
        var hogging = hog.PostAsync(busy.BaseUrl + "/api/generate", new StringContent("""{"model":"llama3.2:3b","prompt":"hold the slot"}"""));
        await Task.Delay(300);

        var workers = await SendAsync(gateway, 10);
        Assert.That(workers, Is.All.EqualTo("ok"));
        Assert.That(gateway.Process.Output, Does.Contain("gpu/busy answered 503, failing over"));
        hog.CancelPendingRequests();
        try { await hogging; } catch (OperationCanceledException) { } catch (HttpRequestException) { }
    }

    [Test]
    public async Task WorkerAnswering500_FailsOverToAnother_AndWithNoneLeftTheClientGetsItsError()
    {
        // A worker whose runner keeps crashing (Ollama's 500) beside a healthy one, heavily favoured by weight.
        await using var failing = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--preload", "*", "--fail-rate", "1", "--quiet");
        await using var ok = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--preload", "*", "--quiet");
        await using var gateway = await GatewayProcess.StartAsync(new FleetConfig()
            .Cluster("gpu").Worker("gpu", "failing", failing.BaseUrl, weight: 1000).Worker("gpu", "ok", ok.BaseUrl, weight: 1)
            .Model("llama3.2:3b", "gpu"), waitForModels: ["llama3.2:3b"]);

        Assert.That(await SendAsync(gateway, 10), Is.All.EqualTo("ok"));
        using (var openai = await gateway.Http.PostJsonAsync("/v1/chat/completions", """{"model":"llama3.2:3b","messages":[{"role":"user","content":"hi"}]}"""))
        {
            Assert.That(openai.StatusCode, Is.EqualTo(HttpStatusCode.OK), await openai.Content.ReadAsStringAsync());
            Assert.That(openai.Worker(), Is.EqualTo("ok"));
        }
        Assert.That(gateway.Process.Output, Does.Contain("gpu/failing answered 500, failing over"));

        // With the healthy one gone the worker's own error comes through (in the surface's shape), not a gateway error.
        ok.Kill();
        await gateway.WaitUntilAsync(async () =>
        {
            using var response = await gateway.Http.PostJsonAsync("/api/generate", """{"model":"llama3.2:3b","prompt":"p","stream":false}""");
            return (int)response.StatusCode == 500 && response.Worker() == "failing";
        }, TimeSpan.FromSeconds(15), "the failing worker's 500 relayed once the healthy worker is gone");
    }

    [Test]
    public async Task NoHealthyWorker_Gets503_InOllamasShape()
    {
        var a = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--preload", "*", "--quiet");
        await using var gateway = await GatewayProcess.StartAsync(new FleetConfig()
            .Cluster("gpu", probeInterval: TimeSpan.FromMilliseconds(300)).Worker("gpu", "a", a.BaseUrl)
            .Model("llama3.2:3b", "gpu"), waitForModels: ["llama3.2:3b"]);
        await a.DisposeAsync();
        await Task.Delay(1500);
        using var response = await gateway.Http.PostJsonAsync("/api/generate", """{"model":"llama3.2:3b","prompt":"x","stream":false}""");
        Assert.That((int)response.StatusCode, Is.AnyOf(502, 503));
        Assert.That((string?)(await response.ReadJsonObjectAsync())["error"], Does.Contain("llama3.2:3b"));
        Assert.That(response.Headers.RetryAfter, Is.Not.Null);

        using var ready = await gateway.Http.GetAsync("/readyz");
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
    }
}
