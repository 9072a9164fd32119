using System.Net;
using System.Text.Json.Nodes;
using ModelGateway.Authentication;
using ModelGateway.Tests.Authentication;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.RateLimiting;

/// <summary>Requests-per-minute budgets of one instance (in memory), on both surfaces.</summary>
[NonParallelizable]
public class RequestLimitTests
{
    static readonly string NativeKey = ApiKeyCommand.Mint();
    static readonly string OpenAIKey = ApiKeyCommand.Mint();

    SimulatorProcess _worker = null!;
    GatewayProcess _gateway = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _worker = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--parallel", "8");
        _gateway = await GatewayProcess.StartAsync(new FleetConfig()
            .Cluster("gpu").Worker("gpu", "w1", _worker.BaseUrl).Model("llama3.2:3b", "gpu")
            .Set("Authentication:ApiKeys", new JsonArray(
                KeyedConfig.Entry("native", NativeKey, ["*"], rpm: 3),
                KeyedConfig.Entry("openai", OpenAIKey, ["*"], rpm: 3))));
        await KeyedConfig.WaitForHealthyFleetAsync(_gateway);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        await _worker.DisposeAsync();
    }

    [Test]
    public async Task NativeSurface_HoldsTheBudget_AndAnswers429InOllamasShape()
    {
        const string body = """{"model":"llama3.2:3b","prompt":"hi","stream":false}""";
        for (var i = 1; i <= 3; i++)
        {
            using var ok = await _gateway.Http.SendAsync(LimitedClient.Post("/api/generate", body, NativeKey));
            Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(ok.Header("x-ratelimit-limit-requests"), Is.EqualTo("3"));
            Assert.That(ok.Header("x-ratelimit-remaining-requests"), Is.EqualTo((3 - i).ToString()));
            Assert.That(ok.Header("x-ratelimit-reset-requests"), Does.Match(@"^\d+m[\d.]+s$|^[\d.]+s$"));
        }
        using var refused = await _gateway.Http.SendAsync(LimitedClient.Post("/api/generate", body, NativeKey));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(refused.Headers.RetryAfter?.Delta?.TotalSeconds, Is.InRange(1, 62));
        Assert.That(refused.Header("x-ratelimit-remaining-requests"), Is.EqualTo("0"));
        var error = (string?)(await refused.ReadJsonObjectAsync())["error"];
        Assert.That(error, Does.StartWith("Rate limit reached for API key 'native' on requests per min (RPM): Limit 3, Used 3, Requested 1."));
    }

    [Test]
    public async Task OpenAISurface_HoldsTheBudget_AndAnswers429WithOpenAIsTypeCodeAndHeaders()
    {
        const string body = """{"model":"llama3.2:3b","messages":[{"role":"user","content":"hi"}]}""";
        for (var i = 0; i < 3; i++)
        {
            using var ok = await _gateway.Http.SendAsync(LimitedClient.Post("/v1/chat/completions", body, OpenAIKey));
            Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK), await ok.Content.ReadAsStringAsync());
        }
        using var refused = await _gateway.Http.SendAsync(LimitedClient.Post("/v1/chat/completions", body, OpenAIKey));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(refused.Headers.RetryAfter?.Delta, Is.Not.Null);
        // Under a minute: the OpenAI SDKs ignore a wait of 60 s or more (and retry within seconds instead).
        Assert.That(long.Parse(refused.Header("retry-after-ms")!), Is.InRange(1, 59_999));
        Assert.That(refused.Headers.RetryAfter!.Delta!.Value, Is.LessThanOrEqualTo(TimeSpan.FromSeconds(60)));
        Assert.That(refused.Header("x-ratelimit-limit-requests"), Is.EqualTo("3"));
        Assert.That(refused.Header("x-ratelimit-remaining-requests"), Is.EqualTo("0"));
        Assert.That(refused.Header("x-ratelimit-reset-requests"), Is.Not.Null);
        var error = (await refused.ReadJsonObjectAsync())["error"]!;
        Assert.That((string?)error["type"], Is.EqualTo("requests"));
        Assert.That((string?)error["code"], Is.EqualTo("rate_limit_exceeded"));
        Assert.That((string?)error["message"], Does.Contain("Limit 3, Used 3"));
    }
}
