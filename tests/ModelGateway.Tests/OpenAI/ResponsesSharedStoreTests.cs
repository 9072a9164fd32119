using System.Net;
using System.Text.Json.Nodes;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.OpenAI;

/// <summary>
/// Two gateways sharing one real redis-server: a response stored through one is retrieved, continued and deleted
/// through the other, and it is gone after Responses:StoreFor. Without Redis, an instance's responses are its own.
/// </summary>
[NonParallelizable]
public class ResponsesSharedStoreTests
{
    RedisServerProcess _redis = null!;
    SimulatorProcess _worker = null!;
    GatewayProcess _a = null!;
    GatewayProcess _b = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _redis = await RedisServerProcess.StartAsync();
        _worker = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--preload", "*", "--quiet");
        _a = await StartGatewayAsync(_redis.Endpoint);
        _b = await StartGatewayAsync(_redis.Endpoint);
    }

    Task<GatewayProcess> StartGatewayAsync(string? redis, string storeFor = "00:00:03")
    {
        var config = new FleetConfig().Cluster("main").Worker("main", "main-1", _worker.BaseUrl).Model("llama3.2:3b", "main")
            .Set("Authentication:Anonymous:Enabled", true)
            .Set("Responses:StoreFor", storeFor);
        if (redis is not null)
            config.Set("Redis:Endpoint", redis).Set("Redis:ReconnectMinDelay", "00:00:00.050").Set("Redis:ReconnectMaxDelay", "00:00:00.250");
        return GatewayProcess.StartAsync(config, waitForModels: ["llama3.2:3b"]);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_a is not null) await _a.DisposeAsync();
        if (_b is not null) await _b.DisposeAsync();
        if (_worker is not null) await _worker.DisposeAsync();
        if (_redis is not null) await _redis.DisposeAsync();
    }

    static async Task<string> CreateAsync(GatewayProcess gateway, string body)
    {
        using var response = await gateway.Http.PostJsonAsync("/v1/responses", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return text;
    }

    [Test]
    public async Task StoredThroughOneInstance_IsRetrievedContinuedAndDeletedThroughTheOther()
    {
        var answered = await CreateAsync(_a, """{"model":"llama3.2:3b","input":"Remember the harbour."}""");
        var id = (string)JsonNode.Parse(answered)!["id"]!;

        using (var retrieved = await _b.Http.GetAsync("/v1/responses/" + id))
            Assert.That(await retrieved.Content.ReadAsStringAsync(), Is.EqualTo(answered));
        var continued = JsonNode.Parse(await CreateAsync(_b, $$"""{"model":"llama3.2:3b","input":"And then?","previous_response_id":"{{id}}"}"""))!;
        Assert.That((string?)continued["previous_response_id"], Is.EqualTo(id));

        using (var deleted = await _b.Http.DeleteAsync("/v1/responses/" + id))
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using (var gone = await _a.Http.GetAsync("/v1/responses/" + id))
            Assert.That(gone.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task AfterStoreFor_AResponseIsGone()
    {
        var id = (string)JsonNode.Parse(await CreateAsync(_a, """{"model":"llama3.2:3b","input":"Soon forgotten."}"""))!["id"]!;
        using (var kept = await _b.Http.GetAsync("/v1/responses/" + id))
            Assert.That(kept.StatusCode, Is.EqualTo(HttpStatusCode.OK), () => $"{kept.Content.ReadAsStringAsync().Result}\n{_b.Process.Output}");
        // Responses:StoreFor is 3 s here; Redis expires the key itself.
        await _b.WaitUntilAsync(async () =>
        {
            using var response = await _b.Http.GetAsync("/v1/responses/" + id);
            return response.StatusCode == HttpStatusCode.NotFound;
        }, TimeSpan.FromSeconds(10), "the stored response to expire");
    }

    [Test]
    public async Task WithoutRedis_AnInstanceKeepsItsResponsesInMemory()
    {
        await using var alone = await StartGatewayAsync(redis: null);
        var id = (string)JsonNode.Parse(await CreateAsync(alone, """{"model":"llama3.2:3b","input":"Only here."}"""))!["id"]!;
        using (var here = await alone.Http.GetAsync("/v1/responses/" + id))
            Assert.That(here.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using (var elsewhere = await _a.Http.GetAsync("/v1/responses/" + id))
            Assert.That(elsewhere.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task RedisDown_RetrievalIsA503_AndAnswersAreStillGiven()
    {
        await _redis.StopAsync();
        try
        {
            using var retrieval = await _a.Http.GetAsync("/v1/responses/resp_abcdefgh");
            var body = await retrieval.Content.ReadAsStringAsync();
            Assert.That(retrieval.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), body);
            Assert.That((string?)JsonNode.Parse(body)!["error"]!["code"], Is.EqualTo("store_unavailable"));
            Assert.That(retrieval.Headers.RetryAfter, Is.Not.Null);

            // Storing fails quietly (logged): the client still gets its answer.
            await CreateAsync(_a, """{"model":"llama3.2:3b","input":"While Redis is away."}""");
            await _a.WaitForLogAsync("could not be stored");
        }
        finally
        {
            await _redis.StartAgainAsync();
            foreach (var gateway in new[] { _a, _b })
                await gateway.WaitUntilAsync(async () =>
                {
                    using var response = await gateway.Http.GetAsync("/v1/responses/resp_abcdefgh");
                    return response.StatusCode == HttpStatusCode.NotFound;
                }, TimeSpan.FromSeconds(10), "the store to be reachable again");
        }
    }
}
