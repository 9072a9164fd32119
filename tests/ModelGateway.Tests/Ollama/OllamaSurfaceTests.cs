using System.Net;
using System.Text.Json.Nodes;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Ollama;

/// <summary>Ollama's native API through the gateway, over a fleet of two clusters of simulated workers.</summary>
[NonParallelizable]
public class OllamaSurfaceTests
{
    SimulatorProcess _gpu1 = null!, _gpu2 = null!, _cpu = null!;
    GatewayProcess _gateway = null!;
    HttpClient Http => _gateway.Http;

    [OneTimeSetUp]
    public async Task StartFleet()
    {
        _gpu1 = await SimulatorProcess.StartAsync("--models", "llama3.2:3b,qwen3:8b=completion|tools|thinking", "--quiet");
        _gpu2 = await SimulatorProcess.StartAsync("--models", "llama3.2:3b,qwen3:8b=completion|tools|thinking", "--quiet");
        _cpu = await SimulatorProcess.StartAsync("--models", "all-minilm:latest=embedding,phi3:mini", "--quiet");
        var config = new FleetConfig()
            .Cluster("gpu").Worker("gpu", "gpu-1", _gpu1.BaseUrl).Worker("gpu", "gpu-2", _gpu2.BaseUrl)
            .Cluster("cpu").Worker("cpu", "cpu-1", _cpu.BaseUrl)
            .Model("llama3.2:3b", "gpu", "chat")
            .Model("all-minilm", "cpu", "text-embedding-3-small");
        _gateway = await GatewayProcess.StartAsync(config, waitForModels: ["llama3.2:3b", "qwen3:8b", "all-minilm:latest", "phi3:mini"]);
    }

    [OneTimeTearDown]
    public async Task StopFleet()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        if (_gpu1 is not null) await _gpu1.DisposeAsync();
        if (_gpu2 is not null) await _gpu2.DisposeAsync();
        if (_cpu is not null) await _cpu.DisposeAsync();
    }

    [Test]
    public async Task Chat_IsRoutedToTheClusterServingTheModel()
    {
        using var chat = await Http.PostJsonAsync("/api/chat", """{"model":"llama3.2:3b","messages":[{"role":"user","content":"hi"}],"stream":false}""");
        Assert.That(chat.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(chat.Worker(), Does.StartWith("gpu-"));
        var body = await chat.ReadJsonObjectAsync();
        Assert.That((string?)body["message"]!["content"], Is.Not.Empty);
        Assert.That((bool?)body["done"], Is.True);

        using var embed = await Http.PostJsonAsync("/api/embed", """{"model":"all-minilm","input":["a","b"]}""");
        Assert.That(embed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(embed.Worker(), Is.EqualTo("cpu-1"));
        Assert.That((await embed.ReadJsonObjectAsync())["embeddings"]!.AsArray(), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task ARoleAndAToolNameOllamaTakes_ButOpenAIWouldNot_ReachTheWorker()
    {
        // Ollama hands unknown roles to the model's template and takes any tool name (MCP-style dotted ones included).
        using var chat = await Http.PostJsonAsync("/api/chat", """
            {"model":"qwen3:8b","stream":false,
             "messages":[{"role":"user","content":"weather?"},{"role":"ipython","content":"{\"temp\":11}"}],
             "tools":[{"type":"function","function":{"name":"weather.get","parameters":{"type":"object","properties":{}}}}]}
            """);

        Assert.That(chat.StatusCode, Is.EqualTo(HttpStatusCode.OK), await chat.Content.ReadAsStringAsync());
        Assert.That(chat.Worker(), Does.StartWith("gpu-"));
    }

    [Test]
    public async Task ModelOnlyInAWorkersInventory_IsDiscoveredAndRouted()
    {
        using var response = await Http.PostJsonAsync("/api/generate", """{"model":"phi3:mini","prompt":"hello","stream":false}""");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Worker(), Is.EqualTo("cpu-1"));
    }

    [Test]
    public async Task Alias_IsRewrittenToTheWorkersModelName()
    {
        using var response = await Http.PostJsonAsync("/api/generate", """{"model":"chat","prompt":"hello","stream":false}""");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        // The worker only knows llama3.2:3b; it echoes the name it was sent.
        Assert.That((string?)(await response.ReadJsonObjectAsync())["model"], Is.EqualTo("llama3.2:3b"));
    }

    [TestCase("/api/chat", """{"model":"nope","messages":[]}""", 404, "model 'nope' not found")]
    [TestCase("/api/generate", """{"model":"nope","prompt":"x"}""", 404, "model 'nope' not found")]
    [TestCase("/api/embed", """{"model":"nope","input":"x"}""", 404, "model \"nope\" not found, try pulling it first")]
    [TestCase("/api/show", """{"model":"nope"}""", 404, "model 'nope:latest' not found")]
    [TestCase("/api/chat", """{"messages":[]}""", 400, "model is required")]
    [TestCase("/api/generate", """{"prompt":"x"}""", 404, "model '' not found")]
    [TestCase("/api/chat", "", 400, "missing request body")]
    [TestCase("/api/chat", """{"model":"llama3.2:3b","messages":[""", 400, "invalid JSON")]
    [TestCase("/api/chat", """{"model":"bad name!"}""", 400, "invalid model name")]
    public async Task BadRequests_GetOllamasOwnErrorBody(string path, string body, int status, string error)
    {
        using var response = await Http.PostJsonAsync(path, body);
        Assert.That((int)response.StatusCode, Is.EqualTo(status));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
        Assert.That((string?)(await response.ReadJsonObjectAsync())["error"], Does.Contain(error));
    }

    [TestCase("GET", "/api/foo", 404, "404 page not found")]
    [TestCase("POST", "/api/chat/extra", 404, "404 page not found")]
    [TestCase("GET", "/api/chat", 405, "405 method not allowed")]
    [TestCase("GET", "/api/embed", 405, "405 method not allowed")]
    [TestCase("DELETE", "/api/tags", 405, "405 method not allowed")]
    [TestCase("POST", "/api/ps", 405, "405 method not allowed")]
    public async Task UnknownPathOrWrongMethod_IsAnsweredInTextLikeOllama(string method, string path, int status, string text)
    {
        using var response = await Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.That((int)response.StatusCode, Is.EqualTo(status));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(text));
    }

    [Test]
    public async Task UnknownPathUnderV1_KeepsOpenAIsErrorShape()
    {
        using var response = await Http.GetAsync("/v1/foo");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((string?)(await response.ReadJsonObjectAsync())["error"]!["message"], Is.EqualTo("Invalid URL (GET /v1/foo)"));
    }

    [Test]
    public async Task OversizedBody_Gets413()
    {
        var big = "{\"model\":\"llama3.2:3b\",\"prompt\":\"" + new string('x', 33 * 1024 * 1024) + "\"}";
        using var response = await Http.PostJsonAsync("/api/generate", big);
        Assert.That((int)response.StatusCode, Is.EqualTo(413));
        Assert.That((string?)(await response.ReadJsonObjectAsync())["error"], Does.Contain("larger than"));
    }

    [TestCase("POST", "/api/pull")]
    [TestCase("POST", "/api/push")]
    [TestCase("DELETE", "/api/delete")]
    [TestCase("POST", "/api/create")]
    [TestCase("POST", "/api/copy")]
    [TestCase("HEAD", "/api/blobs/sha256:0000000000000000000000000000000000000000000000000000000000000000")]
    [TestCase("POST", "/api/blobs/sha256:0000000000000000000000000000000000000000000000000000000000000000")]
    public async Task ManagementEndpoints_AreForbidden(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("""{"name":"llama3.2:3b"}""") };
        using var response = await Http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        if (method != "HEAD")
            Assert.That((string?)(await response.ReadJsonObjectAsync())["error"], Does.Contain("model-management endpoint"));
    }

    [Test]
    public async Task Tags_ListEveryModelOfTheFleetOnce_WithAliases()
    {
        var tags = await Http.GetJsonObjectAsync("/api/tags");
        var names = tags["models"]!.AsArray().Select(m => (string)m!["name"]!).ToList();
        Assert.That(names, Is.Unique);
        Assert.That(names, Is.SupersetOf(new[] { "llama3.2:3b", "qwen3:8b", "all-minilm:latest", "phi3:mini", "chat:latest", "text-embedding-3-small:latest" }));
        var alias = tags["models"]!.AsArray().First(m => (string)m!["name"]! == "chat:latest")!;
        var target = tags["models"]!.AsArray().First(m => (string)m!["name"]! == "llama3.2:3b")!;
        Assert.That((string?)alias["digest"], Is.EqualTo((string?)target["digest"]));
    }

    [Test]
    public async Task Ps_ShowsModelsLoadedAnywhereInTheFleet()
    {
        using (await Http.PostJsonAsync("/api/generate", """{"model":"qwen3:8b","prompt":"warm up","stream":false}""")) { }
        var ps = await Http.GetJsonObjectAsync("/api/ps");
        var names = ps["models"]!.AsArray().Select(m => (string)m!["name"]!).ToList();
        Assert.That(names, Does.Contain("qwen3:8b"));
        Assert.That(names, Is.Unique);
    }

    [Test]
    public async Task RootAndVersion_AnswerLikeOllama()
    {
        Assert.That(await Http.GetStringAsync("/"), Is.EqualTo("Ollama is running"));
        var version = await Http.GetJsonObjectAsync("/api/version");
        Assert.That((string?)version["version"], Does.Match(@"^\d+\.\d+\.\d+"));
    }

    [TestCase("/api/chat", """{"name":"llama3.2:3b","messages":[{"role":"user","content":"hi"}]}""", 400, "model is required")]
    [TestCase("/api/generate", """{"name":"llama3.2:3b","prompt":"x"}""", 404, "model '' not found")]
    [TestCase("/api/embed", """{"name":"all-minilm","input":"x"}""", 404, "model '' not found")]
    public async Task TheDeprecatedName_OutsideShow_IsNoModel_AsOllamaReadsIt(string path, string body, int status, string error)
    {
        // Ollama's chat, generate and embed requests have no `name` field: routing by it would check the caller's key
        // against a model the worker never sees. The gateway answers as Ollama would, without a worker.
        using var response = await Http.PostJsonAsync(path, body);

        Assert.That((int)response.StatusCode, Is.EqualTo(status));
        Assert.That((string?)(await response.ReadJsonObjectAsync())["error"], Is.EqualTo(error));
        Assert.That(response.Headers.Contains("X-ModelGateway-Worker"), Is.False, "no worker was asked");
    }

    [TestCase("model")]
    [TestCase("name")]
    public async Task Show_IsRoutedByModel(string field)
    {
        // Show still takes the deprecated `name`, as Ollama does.
        using var response = await Http.PostJsonAsync("/api/show", $$"""{"{{field}}":"all-minilm"}""");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Worker(), Is.EqualTo("cpu-1"));
        Assert.That((await response.ReadJsonObjectAsync())["capabilities"]!.AsArray().Select(c => (string)c!), Does.Contain("embedding"));
    }
}
