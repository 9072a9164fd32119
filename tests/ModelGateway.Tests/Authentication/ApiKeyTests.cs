using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ModelGateway.Authentication;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Authentication;

/// <summary>API keys on both surfaces, through a real gateway in front of two simulated workers.</summary>
[NonParallelizable]
public class ApiKeyTests
{
    const string Chat = """{"model":"fast","messages":[{"role":"user","content":"hi"}],"stream":false}""";
    const string OpenAIChat = """{"model":"fast","messages":[{"role":"user","content":"hi"}]}""";

    static readonly string ReaderKey = ApiKeyCommand.Mint();
    static readonly string AdminKey = ApiKeyCommand.Mint();
    static readonly string ExpiredKey = ApiKeyCommand.Mint();
    static readonly string WrongKey = ApiKeyCommand.Mint();

    SimulatorProcess _worker1 = null!, _worker2 = null!;
    GatewayProcess _gateway = null!;
    HttpClient Http => _gateway.Http;

    [OneTimeSetUp]
    public async Task Start()
    {
        _worker1 = await SimulatorProcess.StartAsync("--models", "llama3.2:3b,qwen3:8b");
        _worker2 = await SimulatorProcess.StartAsync("--models", "llama3.2:3b,qwen3:8b");
        var config = new FleetConfig()
            .Cluster("gpu").Worker("gpu", "w1", _worker1.BaseUrl).Worker("gpu", "w2", _worker2.BaseUrl)
            .Model("llama3.2:3b", "gpu", "fast").Model("qwen3:8b", "gpu")
            // Everything the gateway can log, so the test that looks for keys in the output sees all of it.
            .Set("Logging:LogLevel:Default", "Debug").Set("Logging:LogLevel:Microsoft.AspNetCore", "Debug")
            .Set("Authentication:Anonymous:Enabled", false)
            .Set("Authentication:ApiKeys", new JsonArray(
                KeyedConfig.Entry("reader", ReaderKey, ["llama3*"]),
                KeyedConfig.Entry("admin", AdminKey, ["*"], admin: true),
                KeyedConfig.Entry("old", ExpiredKey, ["*"], expires: "2020-01-01T00:00:00Z")));
        _gateway = await GatewayProcess.StartAsync(config);
        await KeyedConfig.WaitForHealthyFleetAsync(_gateway);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        await _worker1.DisposeAsync();
        await _worker2.DisposeAsync();
    }

    Task<HttpResponseMessage> SendAsync(string path, string body, string? bearer = null, string? apiKey = null, HttpMethod? method = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Post, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        if (apiKey is not null) request.Headers.Add("X-API-Key", apiKey);
        return Http.SendAsync(request);
    }

    [Test]
    public async Task NoKey_Is401_InEachSurfacesShape()
    {
        using var native = await SendAsync("/api/chat", Chat);
        Assert.That(native.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(native.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer"));
        var nativeBody = await native.ReadJsonObjectAsync();
        Assert.That((string?)nativeBody["error"], Does.StartWith("You didn't provide an API key."));

        using var openAI = await SendAsync("/v1/chat/completions", OpenAIChat);
        Assert.That(openAI.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var error = (await openAI.ReadJsonObjectAsync())["error"]!.AsObject();
        Assert.That((string?)error["message"], Does.StartWith("You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth"));
        Assert.That((string?)error["type"], Is.EqualTo("invalid_request_error"));
        Assert.That(error.ContainsKey("code") && error["code"] is null, Is.True, "code is present and null");
    }

    [Test]
    public async Task UnknownOrExpiredKey_Is401_InvalidApiKey()
    {
        using var wrong = await SendAsync("/v1/chat/completions", OpenAIChat, bearer: WrongKey);
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var error = (await wrong.ReadJsonObjectAsync())["error"]!;
        Assert.That((string?)error["code"], Is.EqualTo("invalid_api_key"));
        Assert.That((string?)error["message"], Does.StartWith("Incorrect API key provided"));

        using var expired = await SendAsync("/api/chat", Chat, apiKey: ExpiredKey);
        Assert.That(expired.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((string?)(await expired.ReadJsonObjectAsync())["error"], Does.Contain("expired"));
    }

    [Test]
    public async Task BearerAndXApiKey_BothAuthenticate_OnBothSurfaces()
    {
        using var native = await SendAsync("/api/chat", Chat, apiKey: ReaderKey);
        Assert.That(native.StatusCode, Is.EqualTo(HttpStatusCode.OK), await native.Content.ReadAsStringAsync());
        using var openAI = await SendAsync("/v1/chat/completions", OpenAIChat, bearer: ReaderKey);
        Assert.That(openAI.StatusCode, Is.EqualTo(HttpStatusCode.OK), await openAI.Content.ReadAsStringAsync());
        Assert.That((string?)(await openAI.ReadJsonObjectAsync())["object"], Is.EqualTo("chat.completion"));
    }

    [Test]
    public async Task ModelOutsideTheKeysList_Is403_InEachSurfacesShape()
    {
        using var native = await SendAsync("/api/chat", Chat.Replace("fast", "qwen3:8b"), apiKey: ReaderKey);
        Assert.That(native.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((string?)(await native.ReadJsonObjectAsync())["error"], Is.EqualTo("The API key 'reader' is not allowed to use model 'qwen3:8b'."));

        using var openAI = await SendAsync("/v1/chat/completions", OpenAIChat.Replace("fast", "qwen3:8b"), bearer: ReaderKey);
        Assert.That(openAI.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var error = (await openAI.ReadJsonObjectAsync())["error"]!;
        Assert.That((string?)error["type"], Is.EqualTo("invalid_request_error"));
        Assert.That((string?)error["code"], Is.EqualTo("model_not_allowed"));
        Assert.That((string?)error["param"], Is.EqualTo("model"));

        // The same model by its worker name is allowed: "llama3*" covers the alias "fast" and llama3.2:3b itself.
        using var direct = await SendAsync("/api/chat", Chat.Replace("fast", "llama3.2:3b"), apiKey: ReaderKey);
        Assert.That(direct.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task TheModelAKeyIsCheckedAgainst_IsTheOneOllamasDecoderReads()
    {
        // Ollama's Go decoder matches "Model" to its model field (and knows no "name" on /api/chat): the worker would
        // run qwen3:8b, so that is the model the reader key is refused.
        using var otherCase = await SendAsync("/api/chat", """{"Model":"qwen3:8b","name":"llama3.2:3b","messages":[{"role":"user","content":"hi"}],"stream":false}""", apiKey: ReaderKey);
        Assert.That(otherCase.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((string?)(await otherCase.ReadJsonObjectAsync())["error"], Is.EqualTo("The API key 'reader' is not allowed to use model 'qwen3:8b'."));

        // Named twice, the last would win there; a body that means two things is refused before any check.
        using var twice = await SendAsync("/api/chat", """{"model":"llama3.2:3b","MODEL":"qwen3:8b","messages":[{"role":"user","content":"hi"}],"stream":false}""", apiKey: ReaderKey);
        Assert.That(twice.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)(await twice.ReadJsonObjectAsync())["error"], Does.StartWith("Invalid 'MODEL': The field is given more than once"));

        using var allowed = await SendAsync("/api/chat", """{"MODEL":"fast","messages":[{"role":"user","content":"hi"}],"stream":false}""", apiKey: ReaderKey);
        Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((string?)(await allowed.ReadJsonObjectAsync())["model"], Is.EqualTo("llama3.2:3b"), "the alias in the upper-case field was rewritten");
    }

    [Test]
    public async Task Probes_StayOpen_ButListingsNeedAKey()
    {
        using var health = await Http.GetAsync("/healthz");
        using var ready = await Http.GetAsync("/readyz");
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var tags = await Http.GetAsync("/api/tags");
        Assert.That(tags.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        using var models = await Http.GetAsync("/v1/models");
        Assert.That(models.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task ManagementEndpoints_AreRefusedToOrdinaryKeys()
    {
        using var pull = await SendAsync("/api/pull", """{"model":"llama3.2:3b"}""", apiKey: ReaderKey);
        Assert.That(pull.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((string?)(await pull.ReadJsonObjectAsync())["error"], Does.Contain("/api/pull is a model-management endpoint").And.Contain("'reader'"));
        using var delete = await SendAsync("/api/delete", """{"model":"qwen3:8b"}""", method: HttpMethod.Delete);
        Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task AdminPull_ReachesEveryWorkerOfTheCluster_AndEndsWithOneSuccessLine()
    {
        var before1 = (await _worker1.GetStatsAsync()).Requests;
        var before2 = (await _worker2.GetStatsAsync()).Requests;
        using var pull = await SendAsync("/api/pull", """{"model":"llama3.2:3b"}""", apiKey: AdminKey);
        Assert.That(pull.StatusCode, Is.EqualTo(HttpStatusCode.OK), await pull.Content.ReadAsStringAsync());
        var lines = await pull.ReadNdjsonAsync();
        Assert.That(lines.Count(l => (string?)l["status"] == "success"), Is.EqualTo(1));
        Assert.That((string?)lines[^1]["status"], Is.EqualTo("success"));
        Assert.That(lines.Count(l => (string?)l["status"] == "pulling manifest"), Is.EqualTo(2), "one progress stream per worker");
        Assert.That((await _worker1.GetStatsAsync()).Requests, Is.GreaterThan(before1));
        Assert.That((await _worker2.GetStatsAsync()).Requests, Is.GreaterThan(before2));
    }

    [Test]
    public async Task AdminPullOfAnUnknownModel_ReportsTheWorkersError()
    {
        using var pull = await SendAsync("/api/pull", """{"model":"no-such-model:1b","stream":false}""", apiKey: AdminKey);
        var body = await pull.Content.ReadAsStringAsync();
        Assert.That((int)pull.StatusCode, Is.EqualTo(500), body);
        Assert.That(body, Does.Contain("worker w").And.Contain("file does not exist"));
    }

    [Test]
    public async Task Keys_NeverAppearInTheGatewaysOutput()
    {
        foreach (var key in new[] { ReaderKey, AdminKey, ExpiredKey, WrongKey })
        {
            (await SendAsync("/api/chat", Chat, bearer: key)).Dispose();
            (await SendAsync("/v1/chat/completions", OpenAIChat.Replace("fast", "qwen3:8b"), apiKey: key)).Dispose();
            (await SendAsync("/api/pull", """{"model":"llama3.2:3b","stream":false}""", apiKey: key)).Dispose();
        }
        await _gateway.WaitForLogAsync("Refused POST /api/chat");
        var output = _gateway.Process.Output;
        Assert.That(output, Does.Contain("Admin key admin:"), "key names are what the log shows");
        foreach (var key in new[] { ReaderKey, AdminKey, ExpiredKey, WrongKey })
        {
            Assert.That(output, Does.Not.Contain(key));
            Assert.That(output, Does.Not.Contain(key[3..20]), "not even part of it");
        }
    }

    [Test]
    public async Task Listings_ShowOnlyTheModelsTheKeyMayUse()
    {
        async Task<List<string>> Names(string path, string key, string array, string field)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            using var response = await Http.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            return (await response.ReadJsonObjectAsync())[array]!.AsArray().Select(m => (string)m![field]!).ToList();
        }

        await _gateway.WaitUntilAsync(async () => (await Names("/api/tags", AdminKey, "models", "name")).Contains("qwen3:8b"), TimeSpan.FromSeconds(10), "qwen3:8b listed");
        Assert.That(await Names("/api/tags", AdminKey, "models", "name"), Is.SupersetOf(new[] { "llama3.2:3b", "qwen3:8b", "fast:latest" }));
        Assert.That(await Names("/api/tags", ReaderKey, "models", "name"), Is.EquivalentTo(new[] { "llama3.2:3b", "fast:latest" }));
        Assert.That(await Names("/v1/models", ReaderKey, "data", "id"), Is.EquivalentTo(new[] { "llama3.2:3b", "fast" }));
        Assert.That(await Names("/v1/models", AdminKey, "data", "id"), Does.Contain("qwen3:8b"));
    }

    [Test]
    public async Task UnknownModel_404_NamesOnlyTheModelsTheKeyMayUse()
    {
        await _gateway.WaitUntilAsync(async () =>
        {
            using var admin = await SendAsync("/v1/chat/completions", OpenAIChat.Replace("fast", "no-such-model"), bearer: AdminKey);
            return ((string?)(await admin.ReadJsonObjectAsync())["error"]!["message"])!.Contains("qwen3:8b");
        }, TimeSpan.FromSeconds(10), "qwen3:8b among the models served");

        using var response = await SendAsync("/v1/chat/completions", OpenAIChat.Replace("fast", "no-such-model"), bearer: ReaderKey);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var message = (string?)(await response.ReadJsonObjectAsync())["error"]!["message"];
        Assert.That(message, Does.Contain("llama3.2:3b").And.Contain("fast").And.Not.Contain("qwen3"));
    }
}
