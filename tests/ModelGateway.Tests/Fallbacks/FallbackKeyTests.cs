using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ModelGateway.Authentication;
using ModelGateway.Tests.Fixtures;
using ModelGateway.Tests.RateLimiting;
using static ModelGateway.Tests.Fallbacks.FallbackFleet;

namespace ModelGateway.Tests.Fallbacks;

/// <summary>Fallbacks seen by API keys: a key's model allow-list, and its tokens-per-minute budget.</summary>
[NonParallelizable]
public class FallbackKeyTests
{
    const int NumPredict = 20;
    static readonly string TeamKey = ApiKeyCommand.Mint();
    static readonly string SoloKey = ApiKeyCommand.Mint();
    static readonly string LedgerKey = ApiKeyCommand.Mint();

    FallbackFleet _fleet = null!;
    GatewayProcess _gateway = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _fleet = await FallbackFleet.StartAsync();
        // The requested model falls back to mistral:7b first, then qwen2.5:7b.
        _gateway = await GatewayProcess.StartAsync(_fleet.Config(OldFallback, Fallback)
            .Set("Authentication:ApiKeys", new JsonArray(
                KeyedConfig.Entry("team", TeamKey, [Requested, Fallback]),
                KeyedConfig.Entry("solo", SoloKey, [Requested]),
                KeyedConfig.Entry("ledger", LedgerKey, ["*"], tpm: 100_000))));
        await KeyedConfig.WaitForHealthyFleetAsync(_gateway);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        if (_fleet is not null) await _fleet.DisposeAsync();
    }

    [SetUp]
    public Task Restore() => _fleet.RestoreAsync(_gateway);

    static string Chat(string content)
        => $$$"""{"model":"{{{Requested}}}","messages":[{"role":"user","content":"{{{content}}}"}],"stream":false,"options":{"num_predict":{{{NumPredict}}}}}""";

    [Test]
    public async Task FallbackTheKeyMayNotUse_IsSkipped_TheNextOneItMayUseAnswers()
    {
        await _fleet.TakePrimaryDownAsync();

        using var team = await _gateway.Http.SendAsync(LimitedClient.Post("/api/chat", Chat("hello"), TeamKey));
        Assert.That(team.StatusCode, Is.EqualTo(HttpStatusCode.OK), await team.Content.ReadAsStringAsync());
        Assert.That(team.Header("X-ModelGateway-Model"), Is.EqualTo(Fallback));
        Assert.That(team.Worker(), Is.EqualTo("b1"));

        // A key limited to the requested model gets its failure: no fallback is one it may use.
        using var solo = await _gateway.Http.SendAsync(LimitedClient.Post("/api/chat", Chat("hello"), SoloKey));
        Assert.That((int)solo.StatusCode, Is.EqualTo(502).Or.EqualTo(503), await solo.Content.ReadAsStringAsync());
        Assert.That(solo.Header("X-ModelGateway-Model"), Is.Null);

        Assert.That((await _fleet.Old.GetStatsAsync()).InferenceRequests, Is.Zero, "neither key may use mistral:7b");
        Assert.That((await _fleet.Backup.GetStatsAsync()).InferenceRequests, Is.EqualTo(1), "only the team key may use qwen2.5:7b");
    }

    [Test]
    public async Task TokenBudget_IsChargedOnceWithTheFallbacksUsage()
    {
        const long limit = 100_000;
        await _fleet.TakePrimaryDownAsync();

        // This key may use every model, so the first fallback answers. The body its worker gets names it, and the failed
        // attempt at the requested model is refunded.
        var first = Chat("first question");
        using var firstResponse = await _gateway.Http.SendAsync(LimitedClient.Post("/api/chat", first, LedgerKey));
        var firstBody = await firstResponse.ReadJsonObjectAsync();
        Assert.That(firstResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK), firstBody.ToJsonString());
        Assert.That(firstResponse.Header("X-ModelGateway-Model"), Is.EqualTo(OldFallback));
        Assert.That(firstResponse.Header("x-ratelimit-remaining-tokens"), Is.EqualTo((limit - Estimate(first)).ToString()));
        var used = (long)firstBody["prompt_eval_count"]! + (long)firstBody["eval_count"]!;

        // The next admission sees exactly the fallback's real usage charged, nothing for the requested model's attempt.
        var second = Chat("second question");
        using var secondResponse = await _gateway.Http.SendAsync(LimitedClient.Post("/api/chat", second, LedgerKey));
        Assert.That(secondResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK), await secondResponse.Content.ReadAsStringAsync());
        Assert.That(secondResponse.Header("x-ratelimit-remaining-tokens"), Is.EqualTo((limit - used - Estimate(second)).ToString()));
    }

    /// <summary>RateLimits:BytesPerToken's default (4) over the body sent to the fallback's worker, plus num_predict.</summary>
    static long Estimate(string body) => (Encoding.UTF8.GetByteCount(body.Replace(Requested, OldFallback)) + 3) / 4 + NumPredict;
}
