using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.OpenAI;

/// <summary>
/// /v1/responses against a real gateway and simulated Ollama workers: stored responses are read back, continued and
/// deleted by the key that made them and by no other, a stream's response is stored by the time it completes, the
/// gateway's own rules name Responses fields, and a worker failing mid-stream ends the stream with an error event.
/// </summary>
[NonParallelizable]
public class ResponsesEndpointTests
{
    const string KeyA = "mg-responses-a";
    const string KeyB = "mg-responses-b";
    const string Weather = """{"type":"function","name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}""";

    SimulatorProcess _worker = null!;
    SimulatorProcess _dropping = null!;
    GatewayProcess _gateway = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _worker = await SimulatorProcess.StartAsync("--models", "llama3.2:3b,qwen3:8b=completion|tools|thinking,phi3:mini", "--preload", "*", "--quiet");
        // Resets every connection right after the first NDJSON line.
        _dropping = await SimulatorProcess.StartAsync("--models", "mistral:7b", "--preload", "*", "--quiet", "--drop-rate", "1");
        var config = new FleetConfig()
            .Cluster("main").Worker("main", "main-1", _worker.BaseUrl)
            .Cluster("vllm", configure: c => c["Metadata"]!["Protocol"] = "openai").Worker("vllm", "vllm-1", _worker.BaseUrl)
            .Cluster("dropping").Worker("dropping", "dropping-1", _dropping.BaseUrl)
            .Model("llama3.2:3b", "main", "gpt-4o-mini").Model("qwen3:8b", "main").Model("phi3:mini", "vllm").Model("mistral:7b", "dropping")
            .Set("ModelRouting:DiscoverFromWorkers", false)
            .Set("ResponseCache:Enabled", false)
            .Set("Authentication:ApiKeys", new JsonArray(KeyedConfig.Entry("team-a", KeyA, ["*"]), KeyedConfig.Entry("team-b", KeyB, ["*"])));
        _gateway = await GatewayProcess.StartAsync(config);
        await KeyedConfig.WaitForHealthyFleetAsync(_gateway);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        if (_dropping is not null) await _dropping.DisposeAsync();
        if (_worker is not null) await _worker.DisposeAsync();
    }

    async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string path, string key, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await _gateway.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    async Task<JsonObject> CreateAsync(string body, string key = KeyA)
    {
        var (status, text) = await SendAsync(HttpMethod.Post, "/v1/responses", key, body);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), text);
        return JsonNode.Parse(text)!.AsObject();
    }

    static JsonObject Error(string body) => JsonNode.Parse(body)!["error"]!.AsObject();

    [Test]
    public async Task AStoredToolCall_IsAnsweredByAFunctionCallOutputThatContinuesIt_AndTheRetrievalIsTheSameResponse()
    {
        var (created, answered) = await SendAsync(HttpMethod.Post, "/v1/responses", KeyA,
            $$"""{"model":"gpt-4o-mini","input":"What is the weather in Paris? Use get_weather.","tools":[{{Weather}}]}""");
        Assert.That(created, Is.EqualTo(HttpStatusCode.OK), answered);
        var first = JsonNode.Parse(answered)!;
        var call = first["output"]!.AsArray().Single()!;
        Assert.That((string?)call["type"], Is.EqualTo("function_call"));
        Assert.That((string?)call["arguments"], Is.EqualTo("""{"city":"Paris"}"""));

        var (status, retrieved) = await SendAsync(HttpMethod.Get, "/v1/responses/" + first["id"], KeyA);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), retrieved);
        Assert.That(retrieved, Is.EqualTo(answered), "the stored response is the one answered, byte for byte");

        // Only the tool's output is sent: the call it answers comes from the stored conversation (a result without its
        // call would be refused), and the worker quotes it.
        var second = await CreateAsync($$"""{"model":"gpt-4o-mini","previous_response_id":"{{first["id"]}}","tools":[{{Weather}}],"input":[{"type":"function_call_output","call_id":"{{call["call_id"]}}","output":"22 C and sunny"}]}""");
        Assert.That((string?)second["previous_response_id"], Is.EqualTo((string?)first["id"]));
        Assert.That((string?)second["output"]![0]!["content"]![0]!["text"], Does.Contain("get_weather returned \"22 C and sunny\""));
    }

    [Test]
    public async Task AnotherKey_CanNeitherRead_NorContinue_NorDelete_AResponse()
    {
        var id = (string)(await CreateAsync("""{"model":"gpt-4o-mini","input":"mine"}"""))["id"]!;

        var (getStatus, getBody) = await SendAsync(HttpMethod.Get, "/v1/responses/" + id, KeyB);
        var (postStatus, postBody) = await SendAsync(HttpMethod.Post, "/v1/responses", KeyB, $$"""{"model":"gpt-4o-mini","input":"yours?","previous_response_id":"{{id}}"}""");
        var (deleteStatus, _) = await SendAsync(HttpMethod.Delete, "/v1/responses/" + id, KeyB);
        Assert.Multiple(() =>
        {
            Assert.That(getStatus, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((string?)Error(getBody)["message"], Is.EqualTo($"Response with id '{id}' not found."));
            Assert.That(postStatus, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((string?)Error(postBody)["param"], Is.EqualTo("previous_response_id"));
            Assert.That((string?)Error(postBody)["code"], Is.EqualTo("previous_response_not_found"));
            Assert.That(deleteStatus, Is.EqualTo(HttpStatusCode.NotFound));
        });
        Assert.That((await SendAsync(HttpMethod.Get, "/v1/responses/" + id, KeyA)).Status, Is.EqualTo(HttpStatusCode.OK), "still there for its owner");
    }

    [Test]
    public async Task Deleted_IsGoneForRetrievalAndContinuation()
    {
        var id = (string)(await CreateAsync("""{"model":"gpt-4o-mini","input":"short-lived"}"""))["id"]!;
        var (status, body) = await SendAsync(HttpMethod.Delete, "/v1/responses/" + id, KeyA);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body);
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(body), JsonNode.Parse($$"""{"id":"{{id}}","object":"response.deleted","deleted":true}""")), Is.True, body);
        Assert.That((await SendAsync(HttpMethod.Get, "/v1/responses/" + id, KeyA)).Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await SendAsync(HttpMethod.Post, "/v1/responses", KeyA, $$"""{"model":"gpt-4o-mini","input":"x","previous_response_id":"{{id}}"}""")).Status,
            Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task StoreFalse_IsAnsweredButNotKept()
    {
        var response = await CreateAsync("""{"model":"gpt-4o-mini","input":"forget me","store":false}""");
        Assert.That((bool?)response["store"], Is.False);
        Assert.That((await SendAsync(HttpMethod.Get, "/v1/responses/" + response["id"], KeyA)).Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task AStreamedResponse_IsStoredByTheTimeItsCompletedEventArrives()
    {
        var (status, sse) = await SendAsync(HttpMethod.Post, "/v1/responses", KeyA, """{"model":"qwen3:8b","input":"Tell me about rivers.","stream":true}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), sse);
        var events = sse.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => JsonNode.Parse(e.Split('\n')[1]["data: ".Length..])!).ToList();
        Assert.That(events.Select(e => (int)e["sequence_number"]!), Is.EqualTo(Enumerable.Range(0, events.Count)));
        var completed = events[^1];
        Assert.That((string?)completed["type"], Is.EqualTo("response.completed"));
        var output = completed["response"]!["output"]!.AsArray();
        Assert.That(output.Select(i => (string?)i!["type"]), Is.EqualTo(new[] { "reasoning", "message" }), "the thinking model's reasoning, then its answer");

        var (getStatus, stored) = await SendAsync(HttpMethod.Get, "/v1/responses/" + completed["response"]!["id"], KeyA);
        Assert.That(getStatus, Is.EqualTo(HttpStatusCode.OK), stored);
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(stored), completed["response"]), Is.True);
    }

    /// <summary>Nested one-key objects, <paramref name="levels"/> deep: <c>{"x":{"x":...{}}}</c>.</summary>
    static string Nested(int levels) => string.Concat(Enumerable.Repeat("{\"x\":", levels - 1)) + "{}" + new string('}', levels - 1);

    // The stored entry wraps the client's JSON deeper than its request did: a schema at the body's depth limit (64:
    // root, text, format, then 61 levels of schema), a function call's arguments (a string, parsed to 60 levels) inside
    // the conversation's messages.
    [TestCase("schema")]
    [TestCase("arguments")]
    public async Task DeeplyNestedJsonTheRequestMayHold_IsStillRetrievedAndContinued(string where)
    {
        var body = where == "schema"
            ? """{"model":"gpt-4o-mini","input":"hi","text":{"format":{"type":"json_schema","name":"deep","schema":""" + Nested(61) + "}}}"
            : $$"""{"model":"gpt-4o-mini","tools":[{{Weather}}],"input":[{"role":"user","content":"hi"},{"type":"function_call","call_id":"call_deep","name":"get_weather","arguments":{{System.Text.Json.JsonSerializer.Serialize(Nested(60))}}},{"type":"function_call_output","call_id":"call_deep","output":"ok"}]}""";
        var id = (string)(await CreateAsync(body))["id"]!;

        var (status, stored) = await SendAsync(HttpMethod.Get, "/v1/responses/" + id, KeyA);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), stored);
        (status, stored) = await SendAsync(HttpMethod.Post, "/v1/responses", KeyA, $$"""{"model":"gpt-4o-mini","input":"more","previous_response_id":"{{id}}"}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), stored);
    }

    [Test]
    public async Task TheGatewaysRules_NameTheResponsesField()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/v1/responses", KeyA,
            """{"model":"gpt-4o-mini","input":[{"role":"user","content":"hi"},{"type":"function_call_output","call_id":"call_nowhere","output":"x"}]}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), body);
        Assert.That((string?)Error(body)["param"], Is.EqualTo("input[1]"));

        (status, body) = await SendAsync(HttpMethod.Post, "/v1/responses", KeyA,
            $$"""{"model":"gpt-4o-mini","input":"hi","tools":[{{Weather}},{{Weather}}]}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), body);
        Assert.That((string?)Error(body)["param"], Is.EqualTo("tools[1].name"));
    }

    [Test]
    public async Task AModelOnAnOpenAISpeakingCluster_IsRefusedWithAClear400()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/v1/responses", KeyA, """{"model":"phi3:mini","input":"hi"}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), body);
        Assert.That((string?)Error(body)["code"], Is.EqualTo("unsupported_model"));
        Assert.That((string?)Error(body)["message"], Does.Contain("/v1/chat/completions"));
    }

    [Test]
    public async Task AWorkerThatBreaksMidStream_EndsTheStreamWithAnErrorEventAndNothingIsStored()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/responses")
        {
            Content = new StringContent("""{"model":"mistral:7b","input":"hi","stream":true}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", KeyA);
        using var response = await _gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var text = new StringBuilder();
        var aborted = false;
        try
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            while (await reader.ReadLineAsync() is { } line) text.Append(line).Append('\n');
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            aborted = true; // the gateway ends a failed stream by aborting it
        }
        var sse = text.ToString();
        Assert.That(sse, Does.StartWith("event: response.created\n"));
        Assert.That(sse, Does.Contain("event: error\ndata: {\"type\":\"error\""));
        Assert.That(sse, Does.Not.Contain("response.completed"));
        Assert.That(aborted, Is.True, "the connection is aborted after the error event");
        var id = (string)JsonNode.Parse(sse.Split('\n')[1]["data: ".Length..])!["response"]!["id"]!;
        Assert.That((await SendAsync(HttpMethod.Get, "/v1/responses/" + id, KeyA)).Status, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
