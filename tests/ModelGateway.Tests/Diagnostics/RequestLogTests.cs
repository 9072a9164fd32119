using System.Net;
using System.Text.Json.Nodes;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Diagnostics;

/// <summary>The one structured (JSON console) log line per request of a real gateway process, and the request id.</summary>
[NonParallelizable]
public class RequestLogTests
{
    const string Model = "llama3.2:3b";
    SimulatorProcess _worker = null!;
    GatewayProcess _gateway = null!;
    HttpClient Http => _gateway.Http;

    [OneTimeSetUp]
    public async Task StartFleet()
    {
        _worker = await SimulatorProcess.StartAsync("--models", Model, "--preload", "*", "--reply-tokens", "4");
        var config = new FleetConfig()
            .Cluster("gpu").Worker("gpu", "gpu-1", _worker.BaseUrl)
            .Model(Model, "gpu", "chat")
            .Set("Logging:Console:FormatterName", "json");
        _gateway = await GatewayProcess.StartAsync(config, waitForModels: [Model]);
    }

    [OneTimeTearDown]
    public async Task StopFleet()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        await _worker.DisposeAsync();
    }

    /// <summary>The State of every request log line carrying <paramref name="requestId"/>, once at least one was written.</summary>
    async Task<List<JsonObject>> RequestLinesAsync(string requestId)
    {
        List<JsonObject> Find() => _gateway.Process.Output.Split('\n')
            .Where(l => l.StartsWith('{') && l.Contains("\"ModelGateway.Requests\"", StringComparison.Ordinal) && l.Contains(requestId, StringComparison.Ordinal))
            .Select(l => JsonNode.Parse(l)!.AsObject())
            .Where(o => (string?)o["State"]?["RequestId"] == requestId)
            .ToList();
        await _gateway.WaitUntilAsync(() => Task.FromResult(Find().Count > 0), TimeSpan.FromSeconds(5), $"a request log line for {requestId}");
        return Find();
    }

    static HttpRequestMessage Post(string path, string json) => new(HttpMethod.Post, path) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };

    [Test]
    public async Task EachRequest_WritesOneStructuredLineWithItsFields()
    {
        var requestId = "client-" + Guid.NewGuid().ToString("N");
        using var request = Post("/api/chat", $$"""{"model":"chat","messages":[{"role":"user","content":"hi"}],"stream":false}""");
        request.Headers.Add("X-Request-Id", requestId);
        using var response = await Http.SendAsync(request);
        await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.GetValues("x-request-id").Single(), Is.EqualTo(requestId));

        var lines = await RequestLinesAsync(requestId);
        Assert.That(lines, Has.Count.EqualTo(1));
        var line = lines[0];
        Assert.That((string?)line["LogLevel"], Is.EqualTo("Information"));
        var state = line["State"]!.AsObject();
        Assert.That((string?)state["Method"], Is.EqualTo("POST"));
        Assert.That((string?)state["Path"], Is.EqualTo("/api/chat"));
        Assert.That((int?)state["Status"], Is.EqualTo(200));
        Assert.That((double?)state["DurationMs"], Is.GreaterThan(0));
        Assert.That((string?)state["Surface"], Is.EqualTo("ollama"));
        Assert.That((string?)state["Model"], Is.EqualTo(Model));
        Assert.That((string?)state["Worker"], Is.EqualTo(response.Worker()));
        Assert.That((string?)state["Cache"], Is.EqualTo(response.Headers.GetValues("X-Cache").Single()));
        Assert.That((string?)state["KeyName"], Is.EqualTo("anonymous"));
    }

    [Test]
    public async Task OpenAIRequestWithoutAnId_GetsAGeneratedIdThatIsEchoedAndLogged()
    {
        using var response = await Http.PostJsonAsync("/v1/chat/completions", """{"model":"chat","messages":[{"role":"user","content":"hi"}]}""");
        await response.Content.ReadAsStringAsync();
        var requestId = response.Headers.GetValues("x-request-id").Single();
        Assert.That(requestId, Does.Match("^req_[0-9a-f]{32}$"));

        var state = (await RequestLinesAsync(requestId)).Single()["State"]!;
        Assert.That((string?)state["Surface"], Is.EqualTo("openai"));
        Assert.That((string?)state["Path"], Is.EqualTo("/v1/chat/completions"));
        Assert.That((int?)state["Status"], Is.EqualTo(200));
        Assert.That((string?)state["Model"], Is.EqualTo(Model));
    }

    [Test]
    public async Task ARequestIdThatCouldForgeLogLines_IsReplaced()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/tags");
        request.Headers.TryAddWithoutValidation("X-Request-Id", "abc\" injected=\"1");
        using var response = await Http.SendAsync(request);
        Assert.That(response.Headers.GetValues("x-request-id").Single(), Does.Match("^req_[0-9a-f]{32}$"));
    }

    [Test]
    public async Task CredentialsSentByTheClient_NeverAppearInTheGatewaysOutput()
    {
        var bearer = "sk-live-" + Guid.NewGuid().ToString("N");
        var apiKey = "key-" + Guid.NewGuid().ToString("N");
        var queryKey = "qk-" + Guid.NewGuid().ToString("N");
        var ids = new List<string>();
        foreach (var (path, body) in new[]
                 {
                     ($"/api/chat?api_key={queryKey}", """{"model":"chat","messages":[{"role":"user","content":"hi"}],"stream":false}"""),
                     ($"/v1/chat/completions?key={queryKey}", """{"model":"chat","messages":[{"role":"user","content":"hi"}]}"""),
                     ($"/v1/chat/completions?key={queryKey}", """{"model":"no-such-model","messages":[]}"""),
                     ($"/api/unknown?token={queryKey}", "{}"),
                 })
        {
            var requestId = "secret-test-" + Guid.NewGuid().ToString("N");
            ids.Add(requestId);
            using var request = Post(path, body);
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
            request.Headers.TryAddWithoutValidation("X-API-Key", apiKey);
            request.Headers.Add("X-Request-Id", requestId);
            using var response = await Http.SendAsync(request);
            await response.Content.ReadAsStringAsync();
        }
        using var metrics = await Http.GetAsync("/metrics");
        var scrape = await metrics.Content.ReadAsStringAsync();

        foreach (var id in ids)
            Assert.That((string?)(await RequestLinesAsync(id)).Single()["State"]!["Path"], Does.Not.Contain("?"));
        var output = _gateway.Process.Output;
        foreach (var secret in new[] { bearer, apiKey, queryKey })
        {
            Assert.That(output, Does.Not.Contain(secret));
            Assert.That(scrape, Does.Not.Contain(secret));
        }
    }
}
