using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ModelGateway.Tests.Fixtures;
using OpenAI;
using OpenAI.Chat;

namespace ModelGateway.Tests.Authentication;

/// <summary>
/// Anonymous access as the README's quick start uses it: the official OpenAI SDK always sends a key ("ollama", as
/// Ollama's own docs suggest), so with anonymous access on, a key that matches none is served as anonymous, with
/// anonymous's models and never more; a key that matches is that key. With anonymous access off, the same key is a 401.
/// </summary>
[NonParallelizable]
public class AnonymousAccessTests
{
    const string TeamKey = "mg-team-key-for-anonymous-access-tests";
    const string TypoKey = "mg-team-key-for-anonymous-access-test5";

    SimulatorProcess _worker = null!;
    GatewayProcess _open = null!, _closed = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _worker = await SimulatorProcess.StartAsync("--models", "llama3.2:3b,qwen3:8b");
        FleetConfig Config(bool anonymous) => new FleetConfig()
            .Cluster("gpu").Worker("gpu", "w1", _worker.BaseUrl).Model("llama3.2:3b", "gpu").Model("qwen3:8b", "gpu")
            // Everything the gateway can log, so the test that looks for keys in the output sees all of it.
            .Set("Logging:LogLevel:Default", "Debug").Set("Logging:LogLevel:Microsoft.AspNetCore", "Debug")
            .Set("Authentication:Anonymous", new JsonObject { ["Enabled"] = anonymous, ["Models"] = new JsonArray("llama3*") })
            .Set("Authentication:ApiKeys", new JsonArray(KeyedConfig.Entry("team", TeamKey, ["*"])));
        var gateways = await Task.WhenAll(GatewayProcess.StartAsync(Config(anonymous: true)), GatewayProcess.StartAsync(Config(anonymous: false)));
        (_open, _closed) = (gateways[0], gateways[1]);
        await Task.WhenAll(gateways.Select(KeyedConfig.WaitForHealthyFleetAsync));
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_open is not null) await _open.DisposeAsync();
        if (_closed is not null) await _closed.DisposeAsync();
        await _worker.DisposeAsync();
    }

    static OpenAIClient Sdk(GatewayProcess gateway, string apiKey) => new(new ApiKeyCredential(apiKey), new OpenAIClientOptions
    {
        Endpoint = new Uri(gateway.BaseUrl + "/v1"),
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
    });

    async Task<HttpResponseMessage> OllamaChatAsync(GatewayProcess gateway, string model, string bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat")
        {
            Content = new StringContent($$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}],"stream":false}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return await gateway.Http.SendAsync(request);
    }

    [TestCase("ollama")]
    [TestCase("sk-test")]
    [TestCase("x")]
    public async Task OpenAISdk_WithAnyKey_IsServed_WhenAnonymousAccessIsOn(string apiKey)
    {
        ChatCompletion completion = await Sdk(_open, apiKey).GetChatClient("llama3.2:3b").CompleteChatAsync(new UserChatMessage("Say hello."));
        Assert.That(completion.Content[0].Text, Is.Not.Empty);

        using var native = await OllamaChatAsync(_open, "llama3.2:3b", apiKey);
        Assert.That(native.StatusCode, Is.EqualTo(HttpStatusCode.OK), await native.Content.ReadAsStringAsync());
    }

    [Test]
    public void OpenAISdk_WithAKeyThatMatchesNone_Is401_WhenAnonymousAccessIsOff()
    {
        var error = Assert.ThrowsAsync<ClientResultException>(() => Sdk(_closed, "ollama").GetChatClient("llama3.2:3b").CompleteChatAsync(new UserChatMessage("hi")))!;
        Assert.That(error.Status, Is.EqualTo(401));
        Assert.That(error.Message, Does.Contain("invalid_api_key").Or.Contain("Incorrect API key"));
    }

    [Test]
    public async Task AKeyThatMatchesNone_GetsAnonymousModelsOnly_AndAMatchingKeyIsThatKey()
    {
        using var anonymous = await OllamaChatAsync(_open, "qwen3:8b", TypoKey);
        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((string?)(await anonymous.ReadJsonObjectAsync())["error"], Is.EqualTo("An anonymous caller is not allowed to use model 'qwen3:8b'."));

        using var team = await OllamaChatAsync(_open, "qwen3:8b", TeamKey);
        Assert.That(team.StatusCode, Is.EqualTo(HttpStatusCode.OK), await team.Content.ReadAsStringAsync());

        using var pull = new HttpRequestMessage(HttpMethod.Post, "/api/pull") { Content = new StringContent("""{"model":"llama3.2:3b"}""") };
        pull.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TypoKey);
        using var refused = await _open.Http.SendAsync(pull);
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "no management rights for anonymous");
    }

    [Test]
    public async Task AKeyServedAsAnonymous_IsLoggedAtDebug_WithoutTheKey()
    {
        (await OllamaChatAsync(_open, "llama3.2:3b", TypoKey)).Dispose();
        (await OllamaChatAsync(_open, "llama3.2:3b", TeamKey)).Dispose();
        await _open.WaitForLogAsync("presented a key that matches no configured key; served as anonymous");
        var output = _open.Process.Output;
        foreach (var key in new[] { TeamKey, TypoKey })
        {
            Assert.That(output, Does.Not.Contain(key));
            Assert.That(output, Does.Not.Contain(key[3..20]), "not even part of it");
        }
    }
}
