using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Caching;

/// <summary>The in-memory cache (no Redis configured): a real gateway in front of a real simulator.</summary>
[NonParallelizable]
public class ResponseCacheTests
{
    SimulatorProcess _sim = null!;
    GatewayProcess _gateway = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _sim = await CacheFleet.StartSimulatorAsync();
        _gateway = await CacheFleet.StartGatewayAsync(_sim);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        if (_sim is not null) await _sim.DisposeAsync();
    }

    [TearDown]
    public async Task ClearFaultsAsync()
    {
        await _sim.SetFaultsAsync(failRate: 0, dropRate: 0);
        await _gateway.WaitUntilServingAsync();
    }

    [Test]
    public async Task Chat_DeterministicRepeat_IsServedFromCacheWithoutAWorker()
    {
        var body = CacheFleet.Chat("chat repeat");
        var before = await _sim.InferenceCountAsync();

        var first = await _gateway.PostAsync("/api/chat", body);
        var second = await _gateway.PostAsync("/api/chat", body);

        Assert.That(first.Status, Is.EqualTo(200), first.Body);
        Assert.That(first.Cache, Is.EqualTo("MISS"));
        Assert.That(first.Worker, Is.EqualTo("sim"));
        Assert.That(second.Cache, Is.EqualTo("HIT"));
        Assert.That(second.Worker, Is.EqualTo("cache"));
        // created_at and the durations would differ had a worker answered again.
        Assert.That(second.Body, Is.EqualTo(first.Body));
        Assert.That(second.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(await _sim.InferenceCountAsync() - before, Is.EqualTo(1));
    }

    [TestCase("/api/chat", """{"model":"llama3.2:3b","messages":[{"role":"user","content":"metrics of a hit"}],"stream":false,"options":{"temperature":0}}""")]
    [TestCase("/v1/chat/completions", """{"model":"llama3.2:3b","messages":[{"role":"user","content":"metrics of an OpenAI hit"}],"temperature":0}""")]
    public async Task Hit_IsNotCountedAsWorkerTokensOrWorkerLatency(string path, string body)
    {
        var miss = await _gateway.PostAsync(path, body);
        Assert.That((miss.Status, miss.Cache), Is.EqualTo((200, "MISS")), miss.Body);
        var before = await ScrapeAsync();
        var hit = await _gateway.PostAsync(path, body);
        Assert.That(hit.Cache, Is.EqualTo("HIT"));
        var after = await ScrapeAsync();

        // The worker's tokens were counted once, when it answered; a replay is the cache's, not a worker's.
        Assert.That(after.Sum("modelgateway_tokens_total", ("type", "completion")), Is.EqualTo(before.Sum("modelgateway_tokens_total", ("type", "completion"))));
        Assert.That(after.Sum("modelgateway_worker_time_to_first_byte_seconds_count"), Is.EqualTo(before.Sum("modelgateway_worker_time_to_first_byte_seconds_count")));
        Assert.That(after.Find("modelgateway_worker_time_to_first_byte_seconds_count").Select(s => s.Labels["worker"]), Has.None.EqualTo("cache"));
    }

    async Task<Diagnostics.MetricsScrape> ScrapeAsync()
    {
        using var response = await _gateway.Http.GetAsync("/metrics");
        return new Diagnostics.MetricsScrape(await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Generate_SeededRepeat_IsHit()
    {
        var body = """{"model":"llama3.2:3b","prompt":"seeded generate","stream":false,"options":{"seed":7,"temperature":0.9}}""";
        var first = await _gateway.PostAsync("/api/generate", body);
        // Same request with keys reordered and a keep_alive: still the same cache entry.
        var second = await _gateway.PostAsync("/api/generate",
            """{"options":{"temperature":0.9,"seed":7},"keep_alive":"1m","stream":false,"prompt":"seeded generate","model":"llama3.2:3b"}""");

        Assert.That((first.Status, second.Status), Is.EqualTo((200, 200)), first.Body);
        Assert.That((first.Cache, second.Cache), Is.EqualTo(("MISS", "HIT")));
        Assert.That(second.Body, Is.EqualTo(first.Body));
    }

    [TestCase("/api/embed", """{"model":"nomic-embed-text","input":["cache me","and me"]}""")]
    [TestCase("/api/embeddings", """{"model":"nomic-embed-text","prompt":"cache me too"}""")]
    public async Task Embeddings_AreAlwaysCacheable(string path, string body)
    {
        var before = await _sim.InferenceCountAsync();
        var first = await _gateway.PostAsync(path, body);
        var second = await _gateway.PostAsync(path, body);

        Assert.That(first.Status, Is.EqualTo(200), first.Body);
        Assert.That((first.Cache, second.Cache), Is.EqualTo(("MISS", "HIT")));
        Assert.That(second.Body, Is.EqualTo(first.Body));
        Assert.That(await _sim.InferenceCountAsync() - before, Is.EqualTo(1));
    }

    [Test]
    public async Task NonDeterministicRequest_IsBypassedEveryTime()
    {
        var body = CacheFleet.Chat("creative", options: """{"temperature":0.8}""");
        var before = await _sim.InferenceCountAsync();

        var first = await _gateway.PostAsync("/api/chat", body);
        var second = await _gateway.PostAsync("/api/chat", body);

        Assert.That((first.Status, second.Status), Is.EqualTo((200, 200)), first.Body);
        Assert.That((first.Cache, second.Cache), Is.EqualTo(("BYPASS", "BYPASS")));
        Assert.That(await _sim.InferenceCountAsync() - before, Is.EqualTo(2));
    }

    [Test]
    public async Task NonDeterministicRequest_WithOptInHeader_IsCached()
    {
        var body = CacheFleet.Chat("creative but opted in", options: """{"temperature":0.8}""");
        var first = await _gateway.PostAsync("/api/chat", body, ("X-ModelGateway-Cache", "always"));
        var second = await _gateway.PostAsync("/api/chat", body, ("X-ModelGateway-Cache", "always"));
        var withoutHeader = await _gateway.PostAsync("/api/chat", body);

        Assert.That((first.Status, second.Status, withoutHeader.Status), Is.EqualTo((200, 200, 200)), first.Body);
        Assert.That((first.Cache, second.Cache, withoutHeader.Cache), Is.EqualTo(("MISS", "HIT", "BYPASS")));
        Assert.That(second.Body, Is.EqualTo(first.Body));
    }

    [Test]
    public async Task StreamingHit_ReplaysTheNdjsonStreamLineByLine()
    {
        var body = CacheFleet.Chat("stream me", stream: true);
        var first = await _gateway.PostAsync("/api/chat", body);
        Assert.That((first.Status, first.Cache), Is.EqualTo((200, "MISS")), first.Body);
        var before = await _sim.InferenceCountAsync();

        var replay = await RawHttp.PostAsync(_gateway.Port, "/api/chat", body);

        Assert.That(replay.Headers["x-cache"], Is.EqualTo("HIT"));
        Assert.That(replay.Headers["content-type"], Does.StartWith("application/x-ndjson"));
        Assert.That(replay.Headers.ContainsKey("content-length"), Is.False, "a replayed stream is chunked like a worker's");
        Assert.That(replay.Body, Is.EqualTo(first.Body));
        var lines = replay.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.GreaterThan(2));
        Assert.That((bool?)JsonNode.Parse(lines[^1])!["done"], Is.True);
        // One chunk per line: the stream is replayed line by line, not written as one blob.
        Assert.That(replay.Chunks, Is.EqualTo(lines.Select(l => l + "\n").ToArray()));
        Assert.That(await _sim.InferenceCountAsync() - before, Is.Zero);
    }

    [Test]
    public async Task StreamedAndWholeReplies_AreSeparateEntries()
    {
        var streamed = await _gateway.PostAsync("/api/chat", CacheFleet.Chat("both ways", stream: true));
        var whole = await _gateway.PostAsync("/api/chat", CacheFleet.Chat("both ways", stream: false));

        Assert.That((streamed.Status, whole.Status), Is.EqualTo((200, 200)), whole.Body);
        Assert.That((streamed.Cache, whole.Cache), Is.EqualTo(("MISS", "MISS")));
        Assert.That(whole.ContentType?.MediaType, Is.EqualTo("application/json"));
    }

    [Test]
    public async Task NoCache_SkipsTheLookupButStillStores()
    {
        var body = CacheFleet.Chat("no-cache");
        var before = await _sim.InferenceCountAsync();

        var first = await _gateway.PostAsync("/api/chat", body, ("Cache-Control", "no-cache"));
        var second = await _gateway.PostAsync("/api/chat", body);
        var forced = await _gateway.PostAsync("/api/chat", body, ("Cache-Control", "no-cache"));

        Assert.That((first.Status, second.Status, forced.Status), Is.EqualTo((200, 200, 200)), first.Body);
        Assert.That((first.Cache, second.Cache, forced.Cache), Is.EqualTo(("BYPASS", "HIT", "BYPASS")));
        Assert.That(forced.Worker, Is.EqualTo("sim"));
        Assert.That(await _sim.InferenceCountAsync() - before, Is.EqualTo(2));
    }

    [Test]
    public async Task NoStore_SkipsTheWrite()
    {
        var body = CacheFleet.Chat("no-store");
        var first = await _gateway.PostAsync("/api/chat", body, ("Cache-Control", "no-store"));
        var second = await _gateway.PostAsync("/api/chat", body);
        var third = await _gateway.PostAsync("/api/chat", body);

        Assert.That((first.Status, second.Status, third.Status), Is.EqualTo((200, 200, 200)), first.Body);
        Assert.That((first.Cache, second.Cache, third.Cache), Is.EqualTo(("MISS", "MISS", "HIT")));
    }

    [Test]
    public async Task FailedReply_IsNotStored()
    {
        var body = CacheFleet.Chat("fail once");
        await _sim.SetFaultsAsync(failRate: 1);
        var failed = await _gateway.PostAsync("/api/chat", body);
        await _sim.SetFaultsAsync(failRate: 0);
        await _gateway.WaitUntilServingAsync();
        var next = await _gateway.PostAsync("/api/chat", body);

        Assert.That(failed.Status, Is.EqualTo(500), failed.Body);
        Assert.That(next.Status, Is.EqualTo(200));
        Assert.That(next.Cache, Is.EqualTo("MISS"), "the error must not have been stored");
    }

    [Test]
    public async Task OpenAISurface_SharesTheCache()
    {
        var body = """{"model":"llama3.2:3b","messages":[{"role":"user","content":"openai side"}],"temperature":0}""";
        var before = await _sim.InferenceCountAsync();

        var first = await _gateway.PostAsync("/v1/chat/completions", body);
        var second = await _gateway.PostAsync("/v1/chat/completions", body);

        Assert.That(first.Status, Is.EqualTo(200), first.Body);
        Assert.That((first.Cache, second.Cache), Is.EqualTo(("MISS", "HIT")));
        var a = JsonNode.Parse(first.Body)!;
        var b = JsonNode.Parse(second.Body)!;
        Assert.That((string?)b["object"], Is.EqualTo("chat.completion"));
        Assert.That(b["choices"]!.ToJsonString(), Is.EqualTo(a["choices"]!.ToJsonString()));
        Assert.That(b["usage"]!.ToJsonString(), Is.EqualTo(a["usage"]!.ToJsonString()), "usage is reported as stored");
        Assert.That(await _sim.InferenceCountAsync() - before, Is.EqualTo(1));
    }

    [Test]
    public async Task OnlyIfCached_AnswersFromTheCacheOr504WithoutAWorker()
    {
        var body = CacheFleet.Chat("only if cached");
        var before = await _sim.InferenceCountAsync();

        var notYet = await _gateway.PostAsync("/api/chat", body, ("Cache-Control", "only-if-cached"));
        var stored = await _gateway.PostAsync("/api/chat", body);
        var now = await _gateway.PostAsync("/api/chat", body, ("Cache-Control", "only-if-cached"));

        Assert.That(notYet.Status, Is.EqualTo(504));
        Assert.That(JsonNode.Parse(notYet.Body)!["error"]!.GetValue<string>(), Does.Contain("only-if-cached"));
        Assert.That((stored.Status, now.Status, now.Cache), Is.EqualTo((200, 200, "HIT")));
        Assert.That(await _sim.InferenceCountAsync() - before, Is.EqualTo(1));
    }

    [TestCase("/api/chat", """{"model":"llama3.2:3b","messages":[{"role":"user","content":"only if cached, sampled"}],"stream":false,"options":{"temperature":0.8}}""")]
    [TestCase("/v1/chat/completions", """{"model":"llama3.2:3b","messages":[{"role":"user","content":"only if cached, sampled"}],"temperature":0.8}""")]
    public async Task OnlyIfCached_ForARequestTheCacheNeverStores_Is504WithoutAWorker(string path, string body)
    {
        var before = await _sim.InferenceCountAsync();

        var reply = await _gateway.PostAsync(path, body, ("Cache-Control", "only-if-cached"));

        Assert.That(reply.Status, Is.EqualTo(504), reply.Body);
        Assert.That(reply.Cache, Is.EqualTo("BYPASS"));
        Assert.That(reply.Body, Does.Contain("only-if-cached"));
        Assert.That(await _sim.InferenceCountAsync() - before, Is.EqualTo(0), "no worker is asked");
    }

    [Test]
    public async Task ModelMetadata_IsNeverCached()
    {
        var body = """{"model":"llama3.2:3b"}""";
        var show = await _gateway.PostAsync("/api/show", body);

        Assert.That(show.Status, Is.EqualTo(200), show.Body);
        Assert.That(show.Cache, Is.Null);
    }
}
