using System.Net;
using System.Text.Json.Nodes;
using ModelGateway.Authentication;
using ModelGateway.Tests.Authentication;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.RateLimiting;

/// <summary>
/// Budgets shared through one real redis-server by several gateway instances; redis-server is killed and started
/// again mid-traffic to check the failure modes and the recovery.
/// </summary>
[NonParallelizable]
public class SharedRedisLimitTests
{
    const string Body = """{"model":"llama3.2:3b","prompt":"hi","stream":false}""";
    static readonly string SharedKey = ApiKeyCommand.Mint();
    static readonly string OpenKey = ApiKeyCommand.Mint();
    static readonly string ClosedKey = ApiKeyCommand.Mint();

    RedisServerProcess _redis = null!;
    SimulatorProcess _worker = null!;
    GatewayProcess _first = null!, _second = null!, _closed = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _redis = await RedisServerProcess.StartAsync();
        _worker = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--parallel", "32");
        FleetConfig Config(string failureMode) => new FleetConfig()
            .Cluster("gpu").Worker("gpu", "w1", _worker.BaseUrl).Model("llama3.2:3b", "gpu")
            .Set("Redis:Endpoint", _redis.Endpoint)
            .Set("Redis:ReconnectMinDelay", "00:00:00.050").Set("Redis:ReconnectMaxDelay", "00:00:00.250")
            .Set("RateLimits:FailureMode", failureMode)
            .Set("Authentication:ApiKeys", new JsonArray(
                KeyedConfig.Entry("shared", SharedKey, ["*"], rpm: 5),
                KeyedConfig.Entry("open", OpenKey, ["*"], rpm: 2),
                KeyedConfig.Entry("closed", ClosedKey, ["*"], rpm: 100)));
        var started = await Task.WhenAll(GatewayProcess.StartAsync(Config("Open")), GatewayProcess.StartAsync(Config("Open")), GatewayProcess.StartAsync(Config("Closed")));
        (_first, _second, _closed) = (started[0], started[1], started[2]);
        await Task.WhenAll(started.Select(KeyedConfig.WaitForHealthyFleetAsync));
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        foreach (var gateway in new[] { _first, _second, _closed }) await gateway.DisposeAsync();
        await _worker.DisposeAsync();
        await _redis.DisposeAsync();
    }

    static async Task<HttpResponseMessage> SendAsync(GatewayProcess gateway, string key)
        => await gateway.Http.SendAsync(LimitedClient.Post("/api/generate", Body, key));

    [Test, Order(1)]
    public async Task TwoInstances_HoldTheirCombinedTrafficToTheLimit()
    {
        // Twelve concurrent requests, alternating between the instances: exactly the budget of five get through.
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => SendAsync(i % 2 == 0 ? _first : _second, SharedKey)));
        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.That(statuses.Count(s => s == HttpStatusCode.OK), Is.EqualTo(5), string.Join(", ", statuses));
        Assert.That(statuses.Count(s => s == HttpStatusCode.TooManyRequests), Is.EqualTo(7));
        var remaining = responses.Where(r => r.StatusCode == HttpStatusCode.OK).Select(r => r.Header("x-ratelimit-remaining-requests")).Order().ToList();
        Assert.That(remaining, Is.EqualTo(new[] { "0", "1", "2", "3", "4" }), "each admission saw the other instance's");
        foreach (var response in responses) response.Dispose();
        using var ready = await _first.Http.GetAsync("/readyz");
        Assert.That((string?)(await ready.ReadJsonObjectAsync())["checks"]!["ratelimits"]!["description"], Is.EqualTo("budgets shared through Redis"));
    }

    [Test, Order(2)]
    public async Task RedisOutage_FailsOpenOrClosedAsConfigured_WarnsOnce_AndRecoversByItself()
    {
        using (var before = await SendAsync(_first, OpenKey)) Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await _redis.StopAsync();

        // Fail open: beyond the budget of 2, nothing is refused, and nothing is claimed about what remains.
        for (var i = 0; i < 6; i++)
        {
            using var admitted = await SendAsync(_first, OpenKey);
            Assert.That(admitted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(admitted.Header("x-ratelimit-limit-requests"), Is.EqualTo("2"));
            Assert.That(admitted.Header("x-ratelimit-remaining-requests"), Is.Null);
        }
        // Fail closed: refused with 503 and a Retry-After, in the surface's shape.
        using (var refused = await SendAsync(_closed, ClosedKey))
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(refused.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That((string?)(await refused.ReadJsonObjectAsync())["error"], Does.StartWith("Rate limits cannot be checked right now"));
        }
        Assert.That(await RateLimitReadinessAsync(_first), Does.Contain("admitted without rate limits"));
        Assert.That(await RateLimitReadinessAsync(_closed), Does.Contain("refused until it answers"));
        await _first.WaitForLogAsync("Redis is not answering");
        Assert.That(Occurrences(_first.Process.Output, "Redis is not answering"), Is.EqualTo(1), "one warning for the whole outage, not one per request");

        await _redis.StartAgainAsync();
        await _closed.WaitUntilAsync(async () =>
        {
            using var response = await SendAsync(_closed, ClosedKey);
            return response.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(10), "the fail-closed instance to serve again");
        // The restarted Redis holds nothing: the open instance enforces a fresh budget of 2 as soon as it reconnects.
        await _first.WaitUntilAsync(async () =>
        {
            using var response = await SendAsync(_first, OpenKey);
            return response.Header("x-ratelimit-remaining-requests") == "1";
        }, TimeSpan.FromSeconds(10), "the open instance to check budgets again");
        using (var last = await SendAsync(_first, OpenKey)) Assert.That(last.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using (var over = await SendAsync(_second, OpenKey)) Assert.That(over.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        await _first.WaitForLogAsync("Redis answers again");
        Assert.That(await RateLimitReadinessAsync(_first), Is.EqualTo("budgets shared through Redis"));
    }

    [Test, Order(3)]
    public async Task RedisFlapping_WarnsOncePerInterval_AndReadinessSeesTheRecoveryWithoutBudgetedTraffic()
    {
        for (var outage = 0; outage < 2; outage++)
        {
            await _redis.StopAsync();
            using (var admitted = await SendAsync(_second, OpenKey)) Assert.That(admitted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await RateLimitReadinessAsync(_second), Does.Contain("admitted without rate limits"));
            await _redis.StartAgainAsync();
            // No budgeted request from here on: the readiness probe itself finds Redis answering again.
            await _second.WaitUntilAsync(async () => await RateLimitReadinessAsync(_second) == "budgets shared through Redis",
                TimeSpan.FromSeconds(10), "readiness to report the recovered Redis");
        }
        // Both outages fall within RateLimits:FailureLogInterval (30 s): the second is counted, not logged.
        Assert.That(Occurrences(_second.Process.Output, "Redis is not answering"), Is.EqualTo(1));
        Assert.That(Occurrences(_second.Process.Output, "Redis answers again"), Is.EqualTo(1));
    }

    static async Task<string?> RateLimitReadinessAsync(GatewayProcess gateway)
    {
        using var ready = await gateway.Http.GetAsync("/readyz");
        return (string?)(await ready.ReadJsonObjectAsync())["checks"]!["ratelimits"]!["description"];
    }

    static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.Ordinal)) count++;
        return count;
    }
}
