using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Ollama;

/// <summary>
/// "Pull, then use it" (what <c>ollama run</c> does) through the gateway: a model pulled, copied or created with an
/// admin key is listed by /api/tags and served at once, and a deleted one is gone at once, without waiting for the
/// next inventory poll (an hour here, so only the gateway's own refresh can make it visible). With one worker the
/// worker's progress stream is relayed; with two, their streams are merged.
/// </summary>
[TestFixture(1)]
[TestFixture(2)]
[NonParallelizable]
public class ModelManagementTests
{
    const string AdminKey = "mg-admin-key-for-model-management-tests";

    readonly int _workers;
    readonly List<SimulatorProcess> _simulators = new();
    GatewayProcess _gateway = null!;

    public ModelManagementTests(int workers) => _workers = workers;

    [OneTimeSetUp]
    public async Task Start()
    {
        for (var i = 0; i < _workers; i++)
            _simulators.Add(await SimulatorProcess.StartAsync("--models", "llama3.2:3b"));
        _gateway = await GatewayProcess.StartAsync(Config(), waitForModels: ["llama3.2:3b"]);
        await KeyedConfig.WaitForHealthyFleetAsync(_gateway);
    }

    FleetConfig Config()
    {
        var config = new FleetConfig().Cluster("gpu").Model("llama3.2:3b", "gpu")
            .Set("Inventory:PollInterval", "01:00:00")
            .Set("Authentication:ApiKeys", new JsonArray(KeyedConfig.Entry("ops", AdminKey, ["*"], admin: true)));
        for (var i = 0; i < _simulators.Count; i++) config.Worker("gpu", $"w{i + 1}", _simulators[i].BaseUrl);
        return config;
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        foreach (var simulator in _simulators) await simulator.DisposeAsync();
    }

    async Task<HttpResponseMessage> AdminAsync(HttpMethod method, string path, string body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return await _gateway.Http.SendAsync(request);
    }

    async Task<List<string>> TagsAsync()
    {
        var tags = await _gateway.Http.GetJsonObjectAsync("/api/tags");
        return tags["models"]!.AsArray().Select(m => (string)m!["name"]!).ToList();
    }

    async Task<HttpStatusCode> ChatAsync(string model)
    {
        using var chat = await _gateway.Http.PostJsonAsync("/api/chat", $$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}],"stream":false}""");
        return chat.StatusCode;
    }

    [TestCase(true, "smollm2:135m")]
    [TestCase(false, "gemma3:1b")]
    public async Task PulledModel_IsListedAndServed_AtOnce(bool stream, string model)
    {
        using var pull = await AdminAsync(HttpMethod.Post, "/api/pull", $$"""{"model":"{{model}}","stream":{{(stream ? "true" : "false")}}}""");
        Assert.That(pull.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var lines = await pull.ReadNdjsonAsync();
        Assert.That((string?)lines[^1]["status"], Is.EqualTo("success"));
        if (stream) Assert.That(lines.Count(l => (string?)l["status"] == "pulling manifest"), Is.EqualTo(_workers));

        Assert.That(await TagsAsync(), Does.Contain(model));
        Assert.That(await ChatAsync(model), Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task CopiedAndCreatedModels_AreListedAndServed_AtOnce_AndADeletedOneIsGone()
    {
        using (var copy = await AdminAsync(HttpMethod.Post, "/api/copy", """{"source":"llama3.2:3b","destination":"my-copy"}"""))
            Assert.That(copy.StatusCode, Is.EqualTo(HttpStatusCode.OK), await copy.Content.ReadAsStringAsync());
        Assert.That(await TagsAsync(), Does.Contain("my-copy:latest"));
        Assert.That(await ChatAsync("my-copy"), Is.EqualTo(HttpStatusCode.OK));

        using (var create = await AdminAsync(HttpMethod.Post, "/api/create", """{"model":"my-assistant","from":"llama3.2:3b","system":"Be brief."}"""))
        {
            Assert.That(create.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((string?)(await create.ReadNdjsonAsync())[^1]["status"], Is.EqualTo("success"));
        }
        Assert.That(await TagsAsync(), Does.Contain("my-assistant:latest"));
        Assert.That(await ChatAsync("my-assistant"), Is.EqualTo(HttpStatusCode.OK));

        using (var delete = await AdminAsync(HttpMethod.Delete, "/api/delete", """{"model":"my-copy"}"""))
            Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.OK), await delete.Content.ReadAsStringAsync());
        Assert.That(await TagsAsync(), Does.Not.Contain("my-copy:latest"));
        Assert.That(await ChatAsync("my-copy"), Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await ChatAsync("my-assistant"), Is.EqualTo(HttpStatusCode.OK), "the other model is still there");
    }

    [TestCase("""{"model":"nothing:1b","model":"nothing:1b"}""")]
    [TestCase("[1,2]")]
    [TestCase("\"text\"")]
    public async Task ABodyThatIsNotOneJsonObject_GetsTheWorkersAnswer_NeverA500(string body)
    {
        using var delete = await AdminAsync(HttpMethod.Delete, "/api/delete", body);
        Assert.That((int)delete.StatusCode, Is.InRange(400, 499), await delete.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task APathInAnotherCase_IsSentAsTheWorkersSpellIt_AndPushStillGoesToOneWorker()
    {
        using var push = await AdminAsync(HttpMethod.Post, "/API/Push/", """{"model":"llama3.2:3b","stream":false}""");
        Assert.That(push.StatusCode, Is.EqualTo(HttpStatusCode.OK), await push.Content.ReadAsStringAsync());
        await _gateway.WaitForLogAsync("POST /api/push forwarded to 1 workers");
    }

    /// <summary>Runs <paramref name="test"/> with a second cluster, cpu, whose one worker has only an embedding model; removes it after.</summary>
    async Task WithCpuClusterAsync(Func<SimulatorProcess, Task> test)
    {
        await using var cpu = await SimulatorProcess.StartAsync("--models", "nomic-embed-text=embedding");
        await _gateway.WriteConfigAsync(Config().Cluster("cpu").Worker("cpu", "c1", cpu.BaseUrl).Model("nomic-embed-text", "cpu"));
        await _gateway.WaitUntilAsync(async () => (await TagsAsync()).Any(m => m.StartsWith("nomic-embed-text", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10), "the cpu cluster to be listed");
        try
        {
            await test(cpu);
        }
        finally
        {
            // The other tests expect the one cluster.
            await _gateway.WriteConfigAsync(Config());
            await _gateway.WaitUntilAsync(async () => !(await TagsAsync()).Any(m => m.StartsWith("nomic-embed-text", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(10), "the cpu cluster to be gone");
        }
    }

    [Test]
    public Task CreateFromAServedModel_GoesOnlyToTheClusterThatHasIt() => WithCpuClusterAsync(async cpu =>
    {
        // The cpu worker lacks llama3.2:3b: asked to create from it, it would fail the whole request.
        using var create = await AdminAsync(HttpMethod.Post, "/api/create", """{"model":"mario-from-llama","from":"llama3.2:3b","stream":false}""");
        Assert.That(create.StatusCode, Is.EqualTo(HttpStatusCode.OK), await create.Content.ReadAsStringAsync());
        Assert.That(await ChatAsync("mario-from-llama"), Is.EqualTo(HttpStatusCode.OK));
        using var direct = new HttpClient();
        Assert.That(await direct.GetStringAsync(cpu.BaseUrl + "/api/tags"), Does.Not.Contain("mario-from-llama"), "the cpu worker was not asked");
    });

    [Test]
    public Task APulledModel_ThenDeleted_IsGoneFromEveryClusterItWasPulledTo() => WithCpuClusterAsync(async cpu =>
    {
        // No cluster serves the model, so the pull goes to every worker, the cpu cluster's too; the delete must follow it there.
        using var direct = new HttpClient();
        using (var pull = await AdminAsync(HttpMethod.Post, "/api/pull", """{"model":"qwen3:0.6b","stream":false}"""))
            Assert.That(pull.StatusCode, Is.EqualTo(HttpStatusCode.OK), await pull.Content.ReadAsStringAsync());
        Assert.That(await direct.GetStringAsync(cpu.BaseUrl + "/api/tags"), Does.Contain("qwen3:0.6b"), "pulled to the cpu worker too");

        using (var delete = await AdminAsync(HttpMethod.Delete, "/api/delete", """{"model":"qwen3:0.6b"}"""))
            Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.OK), await delete.Content.ReadAsStringAsync());

        Assert.That(await TagsAsync(), Does.Not.Contain("qwen3:0.6b"));
        Assert.That(await ChatAsync("qwen3:0.6b"), Is.EqualTo(HttpStatusCode.NotFound));
        foreach (var worker in _simulators.Select(s => s.BaseUrl).Append(cpu.BaseUrl))
            Assert.That(await direct.GetStringAsync(worker + "/api/tags"), Does.Not.Contain("qwen3:0.6b"), worker);
    });

    [Test]
    public async Task DeletingAModelNoWorkerHas_AnswersNotFound()
    {
        using var delete = await AdminAsync(HttpMethod.Delete, "/api/delete", """{"model":"never-pulled:1b"}""");

        Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), await delete.Content.ReadAsStringAsync());
    }
}
