using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ModelGateway.Authentication;
using ModelGateway.Tests.Authentication;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.RateLimiting;

/// <summary>
/// Tokens-per-minute budgets of one instance: the estimate reserved at admission, the worker's real usage charged
/// when the reply ends (streams included), and the overshoot bound of docs/rate-limits.md under a burst.
/// </summary>
[NonParallelizable]
public class TokenLimitTests
{
    const int BytesPerToken = 4; // the default of RateLimits:BytesPerToken
    const int NumPredict = 20;

    static readonly string LedgerKey = ApiKeyCommand.Mint();
    static readonly string BurstKey = ApiKeyCommand.Mint();
    static readonly string NativeKey = ApiKeyCommand.Mint();
    static readonly string OpenAIKey = ApiKeyCommand.Mint();

    SimulatorProcess _worker = null!;
    GatewayProcess _gateway = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        // Replies of 40 tokens cut by num_predict, a token every 10 ms: streams overlap, as real ones do.
        _worker = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--parallel", "64", "--reply-tokens", "40", "--token-ms", "10");
        _gateway = await GatewayProcess.StartAsync(new FleetConfig()
            .Cluster("gpu").Worker("gpu", "w1", _worker.BaseUrl).Model("llama3.2:3b", "gpu")
            .Set("Authentication:ApiKeys", new JsonArray(
                KeyedConfig.Entry("ledger", LedgerKey, ["*"], tpm: 100_000),
                KeyedConfig.Entry("burst", BurstKey, ["*"], tpm: 600),
                KeyedConfig.Entry("native", NativeKey, ["*"], tpm: 100),
                KeyedConfig.Entry("openai", OpenAIKey, ["*"], tpm: 100))));
        await KeyedConfig.WaitForHealthyFleetAsync(_gateway);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        await _worker.DisposeAsync();
    }

    static string ChatBody(int i, bool stream) =>
        "{\"model\":\"llama3.2:3b\",\"messages\":[{\"role\":\"user\",\"content\":\"tell me about request " + i + "\"}]," +
        "\"stream\":" + (stream ? "true" : "false") + ",\"options\":{\"num_predict\":" + NumPredict + "}}";

    static long Estimate(string body) => (Encoding.UTF8.GetByteCount(body) + BytesPerToken - 1) / BytesPerToken + NumPredict;

    static (long Prompt, long Eval) Usage(JsonObject final) => ((long?)final["prompt_eval_count"] ?? 0, (long?)final["eval_count"] ?? 0);

    [Test]
    public async Task RealUsage_ReplacesTheEstimate_ForStreamedAndWholeReplies()
    {
        const long limit = 100_000;
        var streamed = ChatBody(1, stream: true);
        using var first = await _gateway.Http.SendAsync(LimitedClient.Post("/api/chat", streamed, LedgerKey));
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        // At admission the estimate is charged...
        Assert.That(first.Header("x-ratelimit-remaining-tokens"), Is.EqualTo((limit - Estimate(streamed)).ToString()));
        var lines = await first.ReadNdjsonAsync();
        Assert.That(lines, Has.Count.GreaterThan(2), "a streamed reply");
        var (prompt1, eval1) = Usage(lines[^1]);
        Assert.That(eval1, Is.EqualTo(NumPredict));

        // ...and once the stream ended, the real usage is: the next admission sees it, not the first estimate.
        var whole = ChatBody(2, stream: false);
        using var second = await _gateway.Http.SendAsync(LimitedClient.Post("/api/chat", whole, LedgerKey));
        Assert.That(second.Header("x-ratelimit-remaining-tokens"), Is.EqualTo((limit - prompt1 - eval1 - Estimate(whole)).ToString()));
        var (prompt2, eval2) = Usage(await second.ReadJsonObjectAsync());

        var third = ChatBody(3, stream: false);
        using var next = await _gateway.Http.SendAsync(LimitedClient.Post("/api/chat", third, LedgerKey));
        Assert.That(next.Header("x-ratelimit-remaining-tokens"), Is.EqualTo((limit - prompt1 - eval1 - prompt2 - eval2 - Estimate(third)).ToString()));
    }

    [Test]
    public async Task BurstOfConcurrentStreams_StaysWithinTheBudgetPlusTheDocumentedBound()
    {
        const long limit = 600;
        var bodies = Enumerable.Range(0, 30).Select(i => ChatBody(100 + i, stream: true)).ToList();
        var results = await Task.WhenAll(bodies.Select(async body =>
        {
            using var response = await _gateway.Http.SendAsync(LimitedClient.Post("/api/chat", body, BurstKey));
            if (response.StatusCode != HttpStatusCode.OK) return (Status: response.StatusCode, Body: body, Usage: ((long, long)?)null);
            return (response.StatusCode, body, Usage((await response.ReadNdjsonAsync())[^1]));
        }));

        var admitted = results.Where(r => r.Status == HttpStatusCode.OK).ToList();
        Assert.That(results.Where(r => r.Status != HttpStatusCode.OK).Select(r => r.Status), Is.All.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(admitted, Is.Not.Empty);
        Assert.That(admitted, Has.Count.LessThan(bodies.Count), "the budget binds");
        var used = admitted.Sum(r => r.Usage!.Value.Item1 + r.Usage!.Value.Item2);
        // docs/rate-limits.md: each admitted request may overshoot by what its estimate missed of its prompt and of its reply.
        var bound = admitted.Sum(r => Math.Max(0, r.Usage!.Value.Item1 - (Estimate(r.Body) - NumPredict)) + Math.Max(0, r.Usage!.Value.Item2 - NumPredict));
        Assert.That(used, Is.LessThanOrEqualTo(limit + bound), $"{admitted.Count} admitted used {used} tokens");
        // Without the reservation every stream would have been admitted, worth far more than the budget.
        Assert.That(used / admitted.Count * bodies.Count, Is.GreaterThan(limit));
    }

    [Test]
    public async Task SpentTokenBudget_Is429_InEachSurfacesShape()
    {
        // The estimate (prompt bytes / 4 + 90) is above the budget of 100: it is charged as the whole budget, so the
        // first request of an idle window passes and the next one must wait for it to leave the window.
        var native = """{"model":"llama3.2:3b","prompt":"hi","stream":false,"options":{"num_predict":90}}""";
        using (var ok = await _gateway.Http.SendAsync(LimitedClient.Post("/api/generate", native, NativeKey)))
            Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var refused = await _gateway.Http.SendAsync(LimitedClient.Post("/api/generate", native, NativeKey));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(refused.Header("x-ratelimit-limit-tokens"), Is.EqualTo("100"));
        Assert.That(long.Parse(refused.Header("x-ratelimit-remaining-tokens")!), Is.InRange(1, 99), "what the first request really used is charged");
        Assert.That(refused.Header("x-ratelimit-reset-tokens"), Does.EndWith("s"));
        Assert.That(refused.Headers.RetryAfter?.Delta?.TotalSeconds, Is.InRange(1, 61));
        Assert.That((string?)(await refused.ReadJsonObjectAsync())["error"], Does.StartWith("Rate limit reached for API key 'native' on tokens per min (TPM): Limit 100"));

        var openAI = """{"model":"llama3.2:3b","messages":[{"role":"user","content":"hi"}],"max_tokens":90}""";
        using (var ok = await _gateway.Http.SendAsync(LimitedClient.Post("/v1/chat/completions", openAI, OpenAIKey)))
        {
            Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK), await ok.Content.ReadAsStringAsync());
            Assert.That(ok.Header("x-ratelimit-limit-tokens"), Is.EqualTo("100"));
        }
        using var refusedOpenAI = await _gateway.Http.SendAsync(LimitedClient.Post("/v1/chat/completions", openAI, OpenAIKey));
        Assert.That(refusedOpenAI.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        var error = (await refusedOpenAI.ReadJsonObjectAsync())["error"]!;
        Assert.That((string?)error["type"], Is.EqualTo("tokens"));
        Assert.That((string?)error["code"], Is.EqualTo("rate_limit_exceeded"));
        Assert.That(refusedOpenAI.Header("x-ratelimit-remaining-tokens"), Is.Not.Null);
        Assert.That(refusedOpenAI.Header("retry-after-ms"), Is.Not.Null);
    }
}
