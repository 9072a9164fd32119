using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.OllamaSim;

/// <summary>Model loading and keep-alive, slots per model, the bounded queue with its exact 503, and client disconnects.</summary>
[TestFixture]
public sealed class SchedulingTests
{
    const string Chat = """{"model":"llama3.2:3b","messages":[{"role":"user","content":"hi"}]}""";

    [Test]
    public async Task FirstUse_LoadsTheModel_ReportsLoadDuration_AndPsShowsItUntilKeepAliveExpires()
    {
        await using var sim = await SimulatorProcess.StartAsync("--load-ms", "300", "--models", "llama3.2:3b,qwen2.5:7b", "--preload", "qwen2.5:7b");
        using var client = new WireClient(sim.BaseUrl);
        Assert.That(await LoadedAsync(client), Is.EqualTo(new[] { "qwen2.5:7b" }), "only the preloaded model");

        var first = await client.PostAsync("/api/chat", """{"model":"llama3.2:3b","stream":false,"keep_alive":"1s","messages":[{"role":"user","content":"hi"}]}""");
        var second = await client.PostAsync("/api/chat", """{"model":"llama3.2:3b","stream":false,"keep_alive":"600ms","messages":[{"role":"user","content":"hi"}]}""");
        var preloaded = await client.PostAsync("/api/chat", """{"model":"qwen2.5:7b","stream":false,"messages":[{"role":"user","content":"hi"}]}""");

        Assert.That(first.Json.GetProperty("load_duration").GetInt64(), Is.GreaterThanOrEqualTo(290_000_000L), "--load-ms 300 in nanoseconds");
        Assert.That(second.Json.GetProperty("load_duration").GetInt64(), Is.LessThan(100_000_000L), "already loaded");
        Assert.That(preloaded.Json.GetProperty("load_duration").GetInt64(), Is.LessThan(100_000_000L));
        var ps = (await client.GetAsync("/api/ps")).Json.GetProperty("models").EnumerateArray().ToList();
        var llama = ps.Single(m => m.GetProperty("name").GetString() == "llama3.2:3b");
        Assert.That(DateTimeOffset.Parse(llama.GetProperty("expires_at").GetString()!),
            Is.EqualTo(DateTimeOffset.Now.AddMilliseconds(600)).Within(TimeSpan.FromMilliseconds(500)));
        Assert.That(llama.GetProperty("context_length").GetInt32(), Is.EqualTo(4096));
        Assert.That(llama.GetProperty("size_vram").GetInt64(), Is.EqualTo(llama.GetProperty("size").GetInt64()));
        Assert.That(ps[0].GetProperty("name").GetString(), Is.EqualTo("qwen2.5:7b"), "longest keep-alive first");

        await Task.Delay(900);
        Assert.That(await LoadedAsync(client), Does.Not.Contain("llama3.2:3b"), "unloaded after keep_alive");
        var reload = await client.PostAsync("/api/chat", """{"model":"llama3.2:3b","stream":false,"messages":[{"role":"user","content":"hi"}]}""");
        Assert.That(reload.Json.GetProperty("load_duration").GetInt64(), Is.GreaterThanOrEqualTo(290_000_000L), "loads again");
    }

    [Test]
    public async Task WithNoLoadTime_AModelThatExpired_IsLoadedAgainByTheNextLoadRequest()
    {
        await using var sim = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--keep-alive", "300ms");
        using var client = new WireClient(sim.BaseUrl);
        await client.PostAsync("/api/generate", """{"model":"llama3.2:3b","prompt":"hi","stream":false}""");
        await Task.Delay(600);
        Assert.That(await LoadedAsync(client), Is.Empty, "expired after --keep-alive");

        var load = await client.PostAsync("/api/generate", """{"model":"llama3.2:3b","keep_alive":"1m"}""");

        Assert.That(load.Json.GetProperty("done_reason").GetString(), Is.EqualTo("load"));
        Assert.That(await LoadedAsync(client), Is.EqualTo(new[] { "llama3.2:3b" }));
    }

    [Test]
    public async Task BeyondSlotsAndQueue_RequestsGetTheExact503_AndQueuedOnesStillComplete()
    {
        await using var sim = await SimulatorProcess.StartAsync("--parallel", "2", "--max-queue", "1", "--token-ms", "150", "--reply-tokens", "4", "--models", "llama3.2:3b");
        using var client = new WireClient(sim.BaseUrl);

        var running = Enumerable.Range(0, 2).Select(_ => client.OpenStreamAsync("/api/chat", Chat)).ToList();
        await Task.WhenAll(running);
        var queued = client.PostAsync("/api/chat", Chat);
        await WaitUntilAsync(async () => (await sim.GetStatsAsync()).Queued == 1);
        var rejected = await client.PostAsync("/api/chat", Chat);

        Assert.That(rejected.Status, Is.EqualTo(503));
        Assert.That(rejected.Body, Is.EqualTo("""{"error":"server busy, please try again.  maximum pending requests exceeded"}"""));
        foreach (var r in running)
        {
            using var response = await r;
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("\"done\":true"));
        }
        var third = await queued;
        Assert.That(third.Status, Is.EqualTo(200));
        Assert.That(third.Lines[^1].GetProperty("done_reason").GetString(), Is.EqualTo("stop"));
        var stats = await sim.GetStatsAsync();
        Assert.That(stats.MaxInFlight, Is.EqualTo(4));
        Assert.That(stats.InferenceRequests, Is.EqualTo(4));
        Assert.That(stats.ByModel["llama3.2:3b"], Is.EqualTo(4));
    }

    [Test]
    public async Task AClientThatDisconnects_FreesItsSlotForTheNextRequest()
    {
        await using var sim = await SimulatorProcess.StartAsync("--parallel", "1", "--token-ms", "200", "--reply-tokens", "50", "--models", "llama3.2:3b");
        using var client = new WireClient(sim.BaseUrl);

        using (var cts = new CancellationTokenSource())
        {
            var response = await client.OpenStreamAsync("/api/chat", Chat, cts.Token);
            var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
            Assert.That(await reader.ReadLineAsync(cts.Token), Does.Contain("\"done\":false"));
            cts.Cancel();
            response.Dispose();
        }
        // 50 tokens at 200 ms would hold the only slot for 10 s; after the disconnect a short request gets it at once.
        var started = DateTime.UtcNow;
        var next = await client.PostAsync("/api/chat", """{"model":"llama3.2:3b","stream":false,"options":{"num_predict":1},"messages":[{"role":"user","content":"hi"}]}""");
        Assert.That(next.Status, Is.EqualTo(200));
        Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(5)));
        await WaitUntilAsync(async () => (await sim.GetStatsAsync()).InFlight == 0);
    }

    static async Task<List<string>> LoadedAsync(WireClient client) =>
        (await client.GetAsync("/api/ps")).Json.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("name").GetString()!).ToList();

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition, int timeoutMs = 5000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("condition not reached in time");
            await Task.Delay(20);
        }
    }
}
