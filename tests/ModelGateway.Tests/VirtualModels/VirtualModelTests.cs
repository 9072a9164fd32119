using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text.Json.Nodes;
using ModelGateway.Tests.Fixtures;
using OpenAI;
using OpenAI.Chat;
using static ModelGateway.Tests.VirtualModels.VirtualModelFleet;

namespace ModelGateway.Tests.VirtualModels;

/// <summary>
/// A request for the virtual model goes to the model its first matching rule names, and the client can tell which:
/// the X-ModelGateway-Model header, the reply's <c>model</c>, and (here) the worker that answered.
/// </summary>
[NonParallelizable]
public class VirtualModelTests
{
    const string Png = "data:image/png;base64,iVBORw0KGgo=";
    const string Weather = """[{"type":"function","function":{"name":"weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]""";

    VirtualModelFleet _fleet = null!;
    GatewayProcess _gateway = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _fleet = await VirtualModelFleet.StartAsync();
        _gateway = await GatewayProcess.StartAsync(_fleet.Config(), waitForModels: RealModels);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        if (_fleet is not null) await _fleet.DisposeAsync();
    }

    [SetUp]
    public Task ResetCounters() => _fleet.Simulator.ResetAsync();

    static string Chat(string model, string content = "hello", string extra = "")
        => $$"""{"model":"{{model}}","messages":[{"role":"user","content":{{content}}}]{{extra}}}""";

    static string Text(string text) => JsonValue.Create(text).ToJsonString();

    static string? Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    async Task AssertAnsweredByAsync(string body, string model, string worker)
    {
        using var response = await _gateway.Http.PostJsonAsync("/v1/chat/completions", body);
        var reply = await response.ReadJsonObjectAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), reply.ToJsonString());
        Assert.That(response.Worker(), Is.EqualTo(worker));
        Assert.That(Header(response, "X-ModelGateway-Model"), Is.EqualTo(model));
        Assert.That((string?)reply["model"], Is.EqualTo(model));
        Assert.That((string?)reply["choices"]![0]!["message"]!["content"], Is.Not.Empty);
        Assert.That(await _fleet.ReceivedAsync(model), Is.EqualTo(1));
    }

    [Test]
    public Task ShortTextRequest_GoesToTheSmallModel()
        => AssertAnsweredByAsync(Chat(Auto, Text("hello")), Small, "small");

    [Test]
    public Task RequestWithAnImage_GoesToTheVisionModel()
        => AssertAnsweredByAsync(Chat(Auto, $$$"""[{"type":"text","text":"what is this?"},{"type":"image_url","image_url":{"url":"{{{Png}}}"}}]"""), Vision, "vision");

    [Test]
    public Task RequestWithTools_GoesToTheToolModel()
        => AssertAnsweredByAsync(Chat(Auto, Text("weather in Paris?"), $$""","tools":{{Weather}}"""), Tools, "tools");

    [Test]
    public Task LongPrompt_GoesToTheBigModel()
        => AssertAnsweredByAsync(Chat(Auto, Text(new string('x', (ShortPromptTokens + 1) * 4))), Big, "big");

    [Test]
    public Task PromptJustWithinTheLimit_StillGoesToTheSmallModel()
        => AssertAnsweredByAsync(Chat(Auto, Text(new string('x', ShortPromptTokens * 4))), Small, "small");

    [Test]
    public async Task LegacyCompletion_IsRoutedByItsPromptToo()
    {
        using var response = await _gateway.Http.PostJsonAsync("/v1/completions", $$"""{"model":"{{Auto}}","prompt":"hello","max_tokens":5}""");
        var reply = await response.ReadJsonObjectAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), reply.ToJsonString());
        Assert.That((string?)reply["model"], Is.EqualTo(Small));
        Assert.That(response.Worker(), Is.EqualTo("small"));
    }

    [Test]
    public async Task Stream_OfficialClient_EveryChunkNamesTheChosenModel()
    {
        var chat = new ChatClient(Auto, new ApiKeyCredential("sk-test"), new OpenAIClientOptions
        {
            Endpoint = new Uri(_gateway.BaseUrl + "/v1"),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });
        var models = new List<string>();
        var text = new System.Text.StringBuilder();
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Say hello.")]))
        {
            models.Add(update.Model);
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
        }

        Assert.That(models, Is.Not.Empty.And.All.EqualTo(Small));
        Assert.That(text.ToString(), Is.Not.Empty);
        Assert.That(await _fleet.ReceivedAsync(Small), Is.EqualTo(1));
    }

    [Test]
    public async Task ChosenModelOnAnOpenAISpeakingCluster_GetsTheBodyWithItsOwnName()
    {
        using var response = await _gateway.Http.PostJsonAsync("/v1/chat/completions", Chat(AutoOpenAI, Text("hello")));
        var reply = await response.ReadJsonObjectAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), reply.ToJsonString());
        Assert.That(response.Worker(), Is.EqualTo("openai"));
        Assert.That(Header(response, "X-ModelGateway-Model"), Is.EqualTo(OnOpenAI));
        Assert.That(await _fleet.ReceivedAsync(OnOpenAI), Is.EqualTo(1));
    }

    [Test]
    public async Task ModelList_NamesTheVirtualModel_OllamaTagsDoNot()
    {
        var models = await _gateway.Http.GetJsonObjectAsync("/v1/models");
        Assert.That(models["data"]!.AsArray().Select(m => (string?)m!["id"]), Does.Contain(Auto).And.Contain(Small));
        var one = await _gateway.Http.GetJsonObjectAsync($"/v1/models/{Auto}");
        Assert.That((string?)one["id"], Is.EqualTo(Auto));

        var tags = await _gateway.Http.GetJsonObjectAsync("/api/tags");
        Assert.That(tags["models"]!.AsArray().Select(m => (string?)m!["name"]), Does.Contain(Small).And.Not.Contain(Auto).And.Not.Contain(Auto + ":latest"));
    }

    [Test]
    public async Task OllamaSurface_AnswersAClear400_ForAVirtualModel()
    {
        using var response = await _gateway.Http.PostJsonAsync("/api/chat", Chat(Auto, Text("hello"), ""","stream":false"""));
        var body = await response.ReadJsonObjectAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)body["error"], Does.Contain("virtual model").And.Contain("/v1"));
        Assert.That((await _fleet.Simulator.GetStatsAsync()).InferenceRequests, Is.Zero);
    }

    [Test]
    public async Task AnOrdinaryModel_CarriesNoModelHeader()
    {
        using var response = await _gateway.Http.PostJsonAsync("/v1/chat/completions", Chat(Big, Text("hello")));
        var reply = await response.ReadJsonObjectAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), reply.ToJsonString());
        Assert.That(Header(response, "X-ModelGateway-Model"), Is.Null);
        Assert.That((string?)reply["model"], Is.EqualTo(Big));
    }

    [Test]
    public async Task EditedRoutes_ApplyWithoutRestart()
    {
        try
        {
            await _gateway.WriteConfigAsync(_fleet.Config(catchAll: Vision));
            // A long prompt now falls through to the edited last rule.
            var longPrompt = Chat(Auto, Text(new string('x', (ShortPromptTokens + 1) * 4)));
            await _gateway.WaitUntilAsync(async () =>
            {
                using var response = await _gateway.Http.PostJsonAsync("/v1/chat/completions", longPrompt);
                return response.StatusCode == HttpStatusCode.OK && response.Worker() == "vision";
            }, TimeSpan.FromSeconds(15), "the edited Routes in use");

            // A rule list that no longer ends with a catch-all is refused whole; the last good one stays.
            var bad = _fleet.Config(catchAll: Vision);
            ((JsonArray)bad.Root["Models"]![5]!["Routes"]!).RemoveAt(3);
            await _gateway.WriteConfigAsync(bad);
            await _gateway.WaitForLogAsync("Models:5:Routes must end with a rule without When");
            using var still = await _gateway.Http.PostJsonAsync("/v1/chat/completions", longPrompt);
            Assert.That(still.Worker(), Is.EqualTo("vision"));
        }
        finally
        {
            await _gateway.WriteConfigAsync(_fleet.Config());
            await _gateway.WaitUntilAsync(async () =>
            {
                using var response = await _gateway.Http.PostJsonAsync("/v1/chat/completions", Chat(Auto, Text(new string('x', (ShortPromptTokens + 1) * 4))));
                return response.Worker() == "big";
            }, TimeSpan.FromSeconds(15), "the original Routes back");
        }
    }
}
