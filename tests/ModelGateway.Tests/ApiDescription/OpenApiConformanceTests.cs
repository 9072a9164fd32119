using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.ApiDescription;

/// <summary>
/// Real answers of a gateway in front of a simulated worker, checked against the gateway's own document: each body
/// against the schema documented for its operation, status and media type (streams event by event, line by line),
/// and each gateway header it carries (request id, rate limits, Retry-After, cache, worker) documented for it.
/// </summary>
[NonParallelizable]
public class OpenApiConformanceTests
{
    const string TeamKey = "mg-openapi-team";
    const string NarrowKey = "mg-openapi-narrow";

    /// <summary>Headers the gateway adds itself; each one an answer carries must be documented for that answer.</summary>
    static readonly string[] GatewayHeaderPrefixes = ["x-request-id", "x-ratelimit-", "retry-after", "x-cache", "age", "x-modelgateway-worker", "www-authenticate"];

    SimulatorProcess _worker = null!;
    GatewayProcess _gateway = null!;
    GatewayApiDocument _document = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _worker = await SimulatorProcess.StartAsync("--models", "llama3.2:3b,all-minilm:latest=embedding", "--preload", "*", "--reply-tokens", "4", "--quiet");
        var config = new FleetConfig().Cluster("gpu").Worker("gpu", "w1", _worker.BaseUrl)
            .Model("llama3.2:3b", "gpu", "gpt-4o-mini").Model("all-minilm:latest", "gpu")
            .Set("Authentication:Anonymous:Enabled", false)
            .Set("Authentication:ApiKeys", new JsonArray(
                KeyedConfig.Entry("team", TeamKey, ["*"], rpm: 10_000, tpm: 10_000_000),
                KeyedConfig.Entry("narrow", NarrowKey, ["all-minilm*"])));
        _gateway = await GatewayProcess.StartAsync(config);
        await KeyedConfig.WaitForHealthyFleetAsync(_gateway);
        _document = await GatewayApiDocument.FetchAsync(_gateway.Http);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        if (_worker is not null) await _worker.DisposeAsync();
    }

    public sealed record Call(string Method, string Path, string Template, string? Body, string? Key, int Status, string ContentType = "application/json")
    {
        public override string ToString() => $"{Method} {Path} {(Key is null ? "without a key" : Key == NarrowKey ? "with the narrow key" : "with the team key")} -> {Status}";
    }

    static IEnumerable<TestCaseData> Calls()
    {
        const string chat = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}""";
        Call[] calls =
        [
            new("POST", "/v1/chat/completions", "/v1/chat/completions", chat, TeamKey, 200),
            new("POST", "/v1/completions", "/v1/completions", """{"model":"gpt-4o-mini","prompt":"hi"}""", TeamKey, 200),
            new("POST", "/v1/embeddings", "/v1/embeddings", """{"model":"all-minilm","input":["a","b"]}""", TeamKey, 200),
            new("POST", "/v1/embeddings", "/v1/embeddings", """{"model":"all-minilm","input":"a","encoding_format":"base64"}""", TeamKey, 200),
            new("POST", "/v1/responses", "/v1/responses", """{"model":"gpt-4o-mini","input":"hi","instructions":"Be brief.","metadata":{"k":"v"}}""", TeamKey, 200),
            new("POST", "/v1/responses", "/v1/responses", """{"model":"gpt-4o-mini","input":"Weather in Paris? Use get_weather.","tools":[{"type":"function","name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}]}""", TeamKey, 200),
            new("POST", "/v1/responses", "/v1/responses", """{"model":"gpt-4o-mini","input":"hi","max_output_tokens":2}""", TeamKey, 200),
            new("POST", "/v1/responses", "/v1/responses", """{"model":"gpt-4o-mini","input":[]}""", TeamKey, 400),
            new("POST", "/v1/responses", "/v1/responses", """{"model":"gpt-4o-mini","input":"hi","previous_response_id":"resp_unknown"}""", TeamKey, 404),
            new("POST", "/v1/responses", "/v1/responses", """{"model":"gpt-4o-mini","input":"hi"}""", NarrowKey, 403),
            new("GET", "/v1/responses/resp_unknown", "/v1/responses/{id}", null, TeamKey, 404),
            new("DELETE", "/v1/responses/resp_unknown", "/v1/responses/{id}", null, TeamKey, 404),
            new("GET", "/v1/models", "/v1/models", null, TeamKey, 200),
            new("GET", "/v1/models/gpt-4o-mini", "/v1/models/{id}", null, TeamKey, 200),
            new("GET", "/v1/models/no-such-model", "/v1/models/{id}", null, TeamKey, 404),
            new("POST", "/v1/chat/completions", "/v1/chat/completions", """{"model":"no-such-model","messages":[{"role":"user","content":"hi"}]}""", TeamKey, 404),
            new("POST", "/v1/chat/completions", "/v1/chat/completions", """{"model":"gpt-4o-mini","messages":[]}""", TeamKey, 400),
            new("POST", "/v1/chat/completions", "/v1/chat/completions", chat, NarrowKey, 403),
            new("POST", "/v1/chat/completions", "/v1/chat/completions", chat, null, 401),
            new("GET", "/api/tags", "/api/tags", null, TeamKey, 200),
            new("GET", "/api/ps", "/api/ps", null, TeamKey, 200),
            new("GET", "/api/version", "/api/version", null, TeamKey, 200),
            new("POST", "/api/chat", "/api/chat", """{"model":"llama3.2:3b","messages":[{"role":"user","content":"hi"}],"stream":false}""", TeamKey, 200),
            new("POST", "/api/generate", "/api/generate", """{"model":"llama3.2:3b","prompt":"hi","stream":false}""", TeamKey, 200),
            new("POST", "/api/embed", "/api/embed", """{"model":"all-minilm","input":["a","b"]}""", TeamKey, 200),
            new("POST", "/api/embeddings", "/api/embeddings", """{"model":"all-minilm","prompt":"a"}""", TeamKey, 200),
            new("POST", "/api/show", "/api/show", """{"model":"llama3.2:3b"}""", TeamKey, 200),
            new("POST", "/api/chat", "/api/chat", """{"model":"no-such-model","messages":[]}""", TeamKey, 404),
            new("POST", "/api/chat", "/api/chat", "", TeamKey, 400),
            new("POST", "/api/chat", "/api/chat", """{"model":"llama3.2:3b","messages":[]}""", NarrowKey, 403),
            new("POST", "/api/pull", "/api/pull", """{"model":"llama3.2:3b"}""", TeamKey, 403),
            new("POST", "/api/chat", "/api/chat", """{"model":"llama3.2:3b","messages":[]}""", TeamKey, 415, "text/xml"),
            new("POST", "/api/show", "/api/show", """{"model":"llama3.2:3b"}""", TeamKey, 415, "multipart/form-data"),
            new("POST", "/v1/embeddings", "/v1/embeddings", """{"model":"all-minilm","input":"a"}""", TeamKey, 415, "text/plain"),
            new("GET", "/api/tags", "/api/tags", null, null, 401),
            new("GET", "/healthz", "/healthz", null, null, 200),
            new("GET", "/readyz", "/readyz", null, null, 200),
        ];
        return calls.Select(c => new TestCaseData(c).SetArgDisplayNames(c.ToString()));
    }

    [TestCaseSource(nameof(Calls))]
    public async Task RealAnswer_MatchesTheDocumentedResponse(Call call)
    {
        using var request = new HttpRequestMessage(new HttpMethod(call.Method), call.Path);
        if (call.Body is not null) request.Content = new StringContent(call.Body, Encoding.UTF8, call.ContentType);
        if (call.Key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", call.Key);
        using var response = await _gateway.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(call.Status), text);

        var mediaType = response.Content.Headers.ContentType!.MediaType!;
        var violations = _document.Validate(call.Template, call.Method, call.Status, mediaType, JsonNode.Parse(text));
        Assert.That(violations, Is.Empty, $"{text}\nagainst {_document.SchemaName(call.Template, call.Method, call.Status, mediaType)}");
        AssertHeadersDocumented(response, call.Template, call.Method, call.Status);
    }

    [TestCase("/api/chat")]
    [TestCase("/api/generate")]
    [TestCase("/api/embed")]
    [TestCase("/api/embeddings")]
    [TestCase("/api/show")]
    public void OllamaOperationsThatReadABody_DocumentItsTransportRefusals(string path)
    {
        // The body intake answers these on /api as on /v1 (docs/validation.md, "Transport rules"); a 408 needs a
        // client that stalls, so it is checked here as documented rather than provoked.
        foreach (var status in new[] { 408, 413, 415 })
            Assert.That(_document.Validate(path, "POST", status, "application/json", JsonNode.Parse("""{"error":"x"}""")), Is.Empty, $"{path} {status}");
    }

    [TestCase("/v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"stream":true,"stream_options":{"include_usage":true}}""")]
    [TestCase("/v1/completions", """{"model":"gpt-4o-mini","prompt":"hi","stream":true,"stream_options":{"include_usage":true}}""")]
    public async Task EveryServerSentEvent_MatchesTheDocumentedEventSchema(string path, string body)
    {
        using var response = await Send(path, body);
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/event-stream"));
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.StartsWith("data: ", StringComparison.Ordinal) ? e[6..] : throw new AssertionException($"not a data event: {e}")).ToList();
        Assert.That(events, Has.Count.GreaterThan(3));
        Assert.That(events[^1], Is.EqualTo("[DONE]"));
        foreach (var data in events.SkipLast(1))
            Assert.That(_document.Validate(path, "POST", 200, "text/event-stream", JsonNode.Parse(data)), Is.Empty, data);
        AssertHeadersDocumented(response, path, "POST", 200);
    }

    [TestCase("""{"model":"gpt-4o-mini","input":"hi","stream":true}""")]
    [TestCase("""{"model":"gpt-4o-mini","input":"hi","stream":true,"max_output_tokens":2}""")]
    [TestCase("""{"model":"gpt-4o-mini","input":"Weather in Paris? Use get_weather.","stream":true,"tools":[{"type":"function","name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}]}""")]
    public async Task EveryResponsesEvent_MatchesTheDocumentedEventSchema(string body)
    {
        using var response = await Send("/v1/responses", body);
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/event-stream"));
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(events, Has.Length.GreaterThan(5));
        foreach (var e in events)
        {
            var lines = e.Split('\n');
            Assert.That(lines, Has.Length.EqualTo(2), e);
            Assert.That(lines[0], Does.StartWith("event: "));
            var data = JsonNode.Parse(lines[1]["data: ".Length..]);
            Assert.That((string?)data!["type"], Is.EqualTo(lines[0]["event: ".Length..]));
            Assert.That(_document.Validate("/v1/responses", "POST", 200, "text/event-stream", data), Is.Empty, lines[1]);
        }
        AssertHeadersDocumented(response, "/v1/responses", "POST", 200);
    }

    [Test]
    public async Task AStoredResponse_RetrievedAndDeleted_MatchesTheDocumentedResponses()
    {
        using var created = await Send("/v1/responses", """{"model":"gpt-4o-mini","input":"hi"}""");
        var id = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!;
        foreach (var (method, status) in new[] { ("GET", 200), ("DELETE", 200), ("GET", 404), ("DELETE", 404) })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), "/v1/responses/" + id);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TeamKey);
            using var response = await _gateway.Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.That((int)response.StatusCode, Is.EqualTo(status), $"{method} {text}");
            Assert.That(_document.Validate("/v1/responses/{id}", method, status, "application/json", JsonNode.Parse(text)), Is.Empty, $"{method} {text}");
            AssertHeadersDocumented(response, "/v1/responses/{id}", method, status);
        }
    }

    [TestCase("/api/chat", """{"model":"llama3.2:3b","messages":[{"role":"user","content":"hi"}]}""")]
    [TestCase("/api/generate", """{"model":"llama3.2:3b","prompt":"hi"}""")]
    public async Task EveryNdjsonLine_MatchesTheDocumentedLineSchema(string path, string body)
    {
        using var response = await Send(path, body);
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/x-ndjson"));
        var lines = await response.ReadNdjsonAsync();
        Assert.That(lines, Has.Count.GreaterThan(2));
        Assert.That((bool?)lines[^1]["done"], Is.True);
        foreach (var line in lines)
            Assert.That(_document.Validate(path, "POST", 200, "application/x-ndjson", line), Is.Empty, line.ToJsonString());
        AssertHeadersDocumented(response, path, "POST", 200);
    }

    [Test]
    public void TheSchemas_AreStrictEnoughToRejectAWrongShape()
    {
        // The checks above mean something only if a schema can fail: an Ollama error is no OpenAI error, a model list
        // without `data` is no list, a chat completion without choices is no completion.
        Assert.That(_document.Validate("/v1/models/{id}", "GET", 404, "application/json", JsonNode.Parse("""{"error":"model 'x' not found"}""")), Is.Not.Empty);
        Assert.That(_document.Validate("/api/chat", "POST", 404, "application/json", JsonNode.Parse("""{"error":{"message":"x"}}""")), Is.Not.Empty);
        Assert.That(_document.Validate("/v1/models", "GET", 200, "application/json", JsonNode.Parse("""{"object":"list"}""")), Is.Not.Empty);
        Assert.That(_document.Validate("/v1/chat/completions", "POST", 200, "application/json",
            JsonNode.Parse("""{"id":"x","object":"chat.completion","created":1,"model":"m","usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}""")), Is.Not.Empty);
        // A chat completion is no Response, and a chat chunk no Responses event.
        Assert.That(_document.Validate("/v1/responses", "POST", 200, "application/json",
            JsonNode.Parse("""{"id":"x","object":"chat.completion","created":1,"model":"m","choices":[]}""")), Is.Not.Empty);
        Assert.That(_document.Validate("/v1/responses", "POST", 200, "text/event-stream",
            JsonNode.Parse("""{"type":"response.output_text.delta","sequence_number":3,"item_id":"msg_1","output_index":0,"content_index":0}""")), Is.Not.Empty);
    }

    async Task<HttpResponseMessage> Send(string path, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TeamKey);
        var response = await _gateway.Http.SendAsync(request);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
        return response;
    }

    void AssertHeadersDocumented(HttpResponseMessage response, string template, string method, int status)
    {
        var sent = response.Headers.Select(h => h.Key).Concat(response.Content.Headers.Select(h => h.Key))
            .Select(h => h.ToLowerInvariant())
            .Where(h => GatewayHeaderPrefixes.Any(p => h.StartsWith(p, StringComparison.Ordinal)))
            .ToList();
        Assert.That(sent, Does.Contain("x-request-id"), "every answer carries its request id");
        Assert.That(sent, Is.SubsetOf(_document.Headers(template, method, status)), $"headers of {method} {template} {status}");
    }
}
