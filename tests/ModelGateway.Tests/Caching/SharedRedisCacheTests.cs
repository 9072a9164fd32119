using System.Text.RegularExpressions;
using ModelGateway.Redis;
using ModelGateway.Tests.Fixtures;
using ModelGateway.Tests.Redis;

namespace ModelGateway.Tests.Caching;

/// <summary>Two gateways sharing one real redis-server as their cache, in front of one simulator.</summary>
[NonParallelizable]
public class SharedRedisCacheTests
{
    RedisServerProcess _redis = null!;
    SimulatorProcess _sim = null!;
    GatewayProcess _a = null!;
    GatewayProcess _b = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _redis = await RedisServerProcess.StartAsync();
        _sim = await CacheFleet.StartSimulatorAsync();
        // Fresh nodes per gateway: a JSON node belongs to one configuration document.
        (string, System.Text.Json.Nodes.JsonNode?)[] Redis() =>
        [
            ("Redis:Endpoint", _redis.Endpoint),
            ("Redis:ReconnectMinDelay", "00:00:00.050"),
            ("Redis:ReconnectMaxDelay", "00:00:00.250"),
        ];
        _a = await CacheFleet.StartGatewayAsync(_sim, Redis());
        _b = await CacheFleet.StartGatewayAsync(_sim, Redis());
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_a is not null) await _a.DisposeAsync();
        if (_b is not null) await _b.DisposeAsync();
        if (_sim is not null) await _sim.DisposeAsync();
        if (_redis is not null) await _redis.DisposeAsync();
    }

    [Test]
    public async Task ReplyStoredByOneInstance_IsServedByTheOther()
    {
        var body = CacheFleet.Chat("shared through redis", stream: true);
        var before = await _sim.InferenceCountAsync();

        var fromA = await _a.PostAsync("/api/chat", body);
        await _b.WaitUntilCachedAsync("/api/chat", body);
        var fromB = await _b.PostAsync("/api/chat", body);

        Assert.That((fromA.Status, fromA.Cache, fromA.Worker), Is.EqualTo((200, "MISS", "sim")), fromA.Body);
        Assert.That((fromB.Status, fromB.Cache, fromB.Worker), Is.EqualTo((200, "HIT", "cache")));
        Assert.That(fromB.ContentType?.MediaType, Is.EqualTo("application/x-ndjson"));
        Assert.That(fromB.Body, Is.EqualTo(fromA.Body));
        Assert.That(await _sim.InferenceCountAsync() - before, Is.EqualTo(1), "B's hit never reached a worker");
    }

    [Test]
    public async Task RedisStopped_RequestsAreStillServed_AndCachingResumesWhenItIsBack()
    {
        var body = CacheFleet.Chat("redis outage");
        var before = await _sim.InferenceCountAsync();
        await _redis.StopAsync();
        try
        {
            var during = new List<CachedCall>();
            for (var i = 0; i < 3; i++) during.Add(await _a.PostAsync("/api/chat", body));

            Assert.That(during.Select(c => c.Status), Is.All.EqualTo(200), during[0].Body);
            Assert.That(during.Select(c => c.Cache), Is.All.EqualTo("BYPASS"));
            Assert.That(await _sim.InferenceCountAsync() - before, Is.EqualTo(3));
            Assert.That(Regex.Count(_a.Process.Output, "Response cache lookup failed"), Is.EqualTo(1), "warnings are throttled:\n" + _a.Process.Output);
        }
        finally
        {
            await _redis.StartAgainAsync();
        }

        // Once reconnected, a lookup works again (MISS rather than BYPASS); only-if-cached keeps workers out of the polling.
        await _a.WaitUntilAsync(async () => (await _a.PostAsync("/api/chat", body, ("Cache-Control", "only-if-cached"))).Cache == "MISS",
            TimeSpan.FromSeconds(10), "the cache to use Redis again");
        var stored = await _a.PostAsync("/api/chat", body);
        await _a.WaitUntilCachedAsync("/api/chat", body);
        var hit = await _a.PostAsync("/api/chat", body);

        Assert.That((stored.Status, stored.Cache), Is.EqualTo((200, "MISS")));
        Assert.That((hit.Cache, hit.Body), Is.EqualTo(("HIT", stored.Body)));
    }

    [Test]
    public async Task SlowRedis_LookupGivesUpQuicklyAndTheWorkerAnswers()
    {
        var body = CacheFleet.Chat("slow redis");
        await using var client = RedisClientUnderTest.Create(_redis.Endpoint, new Dictionary<string, string?> { ["Redis:CommandTimeout"] = "00:00:05" });
        await client.Redis.PingAsync();

        // DEBUG SLEEP stalls the whole server well past ResponseCache:LookupTimeout (100 ms).
        var stall = client.Redis.ExecuteAsync("DEBUG", "SLEEP", "1.5");
        await Task.Delay(100);
        var during = await _a.PostAsync("/api/chat", body);
        await stall;

        Assert.That((during.Status, during.Cache, during.Worker), Is.EqualTo((200, "BYPASS", "sim")), during.Body);
    }
}
