using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ModelGateway.Tests.Fixtures;
using OpenAI;
using OpenAI.Chat;
using static ModelGateway.Tests.Fallbacks.FallbackFleet;

namespace ModelGateway.Tests.Fallbacks;

/// <summary>
/// A model whose only worker cannot answer is answered by its configured fallback, on both surfaces, and the client
/// can tell which model answered; a client error is never retried elsewhere.
/// </summary>
[NonParallelizable]
public class ModelFallbackTests
{
    FallbackFleet _fleet = null!;
    GatewayProcess _gateway = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _fleet = await FallbackFleet.StartAsync();
        _gateway = await GatewayProcess.StartAsync(_fleet.Config(Fallback), waitForModels: [Requested, Fallback, OldFallback]);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        if (_fleet is not null) await _fleet.DisposeAsync();
    }

    [SetUp]
    public Task Restore() => _fleet.RestoreAsync(_gateway);

    static string Chat(string model, string content = "hello", string extra = "")
        => $$"""{"model":"{{model}}","messages":[{"role":"user","content":"{{content}}"}]{{extra}}}""";

    static string? Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    [Test]
    public async Task ChatCompletion_RequestedModelsOnlyWorkerRefuses_FallbackAnswersUnderItsOwnName()
    {
        await _fleet.TakePrimaryDownAsync();

        using var response = await _gateway.Http.PostJsonAsync("/v1/chat/completions", Chat(Requested));
        var body = await response.ReadJsonObjectAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        Assert.That((string?)body["model"], Is.EqualTo(Fallback));
        Assert.That((string?)body["choices"]![0]!["message"]!["content"], Is.Not.Empty);
        Assert.That(Header(response, "X-ModelGateway-Model"), Is.EqualTo(Fallback));
        Assert.That(response.Worker(), Is.EqualTo("b1"));

        // One log line names both models and why; the request's own line and the metrics name the model that answered.
        var requestId = Header(response, "x-request-id");
        await _gateway.WaitForLogAsync($"request {requestId}, aborted");
        var lines = _gateway.Process.Output.Split('\n');
        Assert.That(lines.Where(l => l.Contains($"Model {Requested} could not answer request {requestId} (")), Has.One.Contains($"fallback {Fallback} answered"));
        Assert.That(lines.Single(l => l.Contains($"request {requestId}, aborted")), Does.Contain($"model {Fallback}, worker b1"));
        var metrics = await _gateway.Http.GetStringAsync("/metrics");
        Assert.That(metrics.Split('\n').Where(l => l.StartsWith("modelgateway_model_fallbacks_total{")),
            Has.Some.Contains($"model=\"{Requested}\"").And.Contains($"fallback=\"{Fallback}\""));
    }

    [Test]
    public async Task ChatCompletionStream_OfficialClient_EveryChunkNamesTheFallback()
    {
        await _fleet.TakePrimaryDownAsync();
        var chat = new ChatClient(RequestedAlias, new ApiKeyCredential("sk-test"), new OpenAIClientOptions
        {
            Endpoint = new Uri(_gateway.BaseUrl + "/v1"),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });

        var models = new List<string>();
        var text = new StringBuilder();
        ChatFinishReason? finish = null;
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Say hello.")]))
        {
            models.Add(update.Model);
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
            finish ??= update.FinishReason;
        }

        Assert.That(models, Is.Not.Empty.And.All.EqualTo(Fallback));
        Assert.That(text.ToString(), Is.Not.Empty);
        Assert.That(finish, Is.EqualTo(ChatFinishReason.Stop));
        Assert.That((await _fleet.Backup.GetStatsAsync()).InferenceRequests, Is.EqualTo(1));
    }

    [Test]
    public async Task OllamaChatStream_RequestedModelsOnlyWorkerRefuses_FallbackStreamsTheReply()
    {
        await _fleet.TakePrimaryDownAsync();

        using var response = await _gateway.Http.PostJsonAsync("/api/chat", Chat(RequestedAlias));
        var lines = await response.ReadNdjsonAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), string.Join("\n", lines));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/x-ndjson"));
        Assert.That(Header(response, "X-ModelGateway-Model"), Is.EqualTo(Fallback));
        Assert.That(response.Worker(), Is.EqualTo("b1"));
        Assert.That(lines, Has.Count.GreaterThan(2));
        // The worker's own lines, relayed unchanged: they name the model by its name on the workers.
        Assert.That(lines.Select(l => (string?)l["model"]), Is.All.EqualTo(Fallback));
        Assert.That((bool?)lines[^1]["done"], Is.True);
    }

    [Test]
    public async Task RequestedModelsWorkerAnswers500_FallbackAnswers_OnBothSurfaces()
    {
        await _fleet.Primary.SetFaultsAsync(failRate: 1);

        using var openAI = await _gateway.Http.PostJsonAsync("/v1/chat/completions", Chat(Requested));
        var openAIBody = await openAI.ReadJsonObjectAsync();
        Assert.That(openAI.StatusCode, Is.EqualTo(HttpStatusCode.OK), openAIBody.ToJsonString());
        Assert.That((string?)openAIBody["model"], Is.EqualTo(Fallback));
        Assert.That(Header(openAI, "X-ModelGateway-Model"), Is.EqualTo(Fallback));

        using var ollama = await _gateway.Http.PostJsonAsync("/api/generate", $$"""{"model":"{{Requested}}","prompt":"hello","stream":false}""");
        var ollamaBody = await ollama.ReadJsonObjectAsync();
        Assert.That(ollama.StatusCode, Is.EqualTo(HttpStatusCode.OK), ollamaBody.ToJsonString());
        Assert.That((string?)ollamaBody["model"], Is.EqualTo(Fallback));
        Assert.That((string?)ollamaBody["response"], Is.Not.Empty);
        Assert.That(Header(ollama, "X-ModelGateway-Model"), Is.EqualTo(Fallback));

        Assert.That((await _fleet.Primary.GetStatsAsync()).InferenceRequests, Is.EqualTo(2), "the requested model's worker was asked first");
        Assert.That(_gateway.Process.Output, Does.Contain("(worker_error); fallback qwen2.5:7b answered"));
    }

    [Test]
    public async Task WorkerRejectsTheRequestWith400_TheClientGetsIt_NoFallbackIsAsked()
    {
        // llama3.2:3b cannot think: its worker answers 400, the client's own mistake, which no other model should answer.
        using var rejected = await _gateway.Http.PostJsonAsync("/api/chat", Chat(Requested, extra: ""","think":true,"stream":false"""));
        Assert.That(rejected.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await rejected.Content.ReadAsStringAsync());
        Assert.That(Header(rejected, "X-ModelGateway-Model"), Is.Null);
        Assert.That(rejected.Worker(), Is.EqualTo("p1"));
        Assert.That((await _fleet.Backup.GetStatsAsync()).InferenceRequests, Is.Zero);

        // The same model failing does fall back: the 400 above was not answered by a fallback because it was a 400.
        await _fleet.Primary.SetFaultsAsync(failRate: 1);
        using var failed = await _gateway.Http.PostJsonAsync("/api/chat", Chat(Requested, extra: ""","stream":false"""));
        Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await failed.Content.ReadAsStringAsync());
        Assert.That(Header(failed, "X-ModelGateway-Model"), Is.EqualTo(Fallback));
    }

    [Test]
    public async Task LoadOrUnloadRequest_ForAModelThatCannotAnswer_IsNeverSentToAFallback()
    {
        await _fleet.TakePrimaryDownAsync();
        string[] bodies =
        [
            $$"""{"model":"{{Requested}}","keep_alive":0}""",
            $$"""{"model":"{{Requested}}","messages":[],"keep_alive":0}""",
            $$"""{"model":"{{Requested}}"}""",
        ];
        string[] paths = ["/api/generate", "/api/chat", "/api/generate"];

        for (var i = 0; i < bodies.Length; i++)
        {
            using var response = await _gateway.Http.PostJsonAsync(paths[i], bodies[i]);
            var text = await response.Content.ReadAsStringAsync();
            // An unload of the requested model must not evict the fallback standing in for it; the client learns the
            // requested model could not be reached, as without fallbacks.
            Assert.That((int)response.StatusCode, Is.EqualTo(502).Or.EqualTo(503), $"{paths[i]} {bodies[i]}: {text}");
            Assert.That(text, Does.Contain("cluster 'primary'"));
            Assert.That(Header(response, "X-ModelGateway-Model"), Is.Null);
        }

        using var http = new HttpClient();
        Assert.That(await http.GetStringAsync(_fleet.Backup.BaseUrl + "/api/ps"), Does.Contain($"\"name\":\"{Fallback}\""), "the fallback stays loaded on its worker");
        // A request with work to do still falls back.
        using var generate = await _gateway.Http.PostJsonAsync("/api/generate", $$"""{"model":"{{Requested}}","prompt":"hi","stream":false}""");
        Assert.That(Header(generate, "X-ModelGateway-Model"), Is.EqualTo(Fallback));
    }

    [Test]
    public async Task EveryModelInTheChainFails_ClientGetsTheRequestedModelsOwnError()
    {
        await _fleet.TakePrimaryDownAsync();
        await _fleet.Backup.SetFaultsAsync(failRate: 1);

        using var openAI = await _gateway.Http.PostJsonAsync("/v1/chat/completions", Chat(Requested));
        var openAIBody = await openAI.ReadJsonObjectAsync();
        Assert.That((int)openAI.StatusCode, Is.EqualTo(502).Or.EqualTo(503), openAIBody.ToJsonString());
        Assert.That((string?)openAIBody["error"]!["message"], Does.Contain("cluster 'primary'").And.Contains(Requested));
        Assert.That(openAI.Headers.RetryAfter, Is.Not.Null);
        Assert.That(Header(openAI, "X-ModelGateway-Model"), Is.Null);

        using var ollama = await _gateway.Http.PostJsonAsync("/api/chat", Chat(Requested));
        var ollamaBody = await ollama.ReadJsonObjectAsync();
        Assert.That((int)ollama.StatusCode, Is.EqualTo(502).Or.EqualTo(503), ollamaBody.ToJsonString());
        Assert.That((string?)ollamaBody["error"], Does.Contain("cluster 'primary'"));

        Assert.That((await _fleet.Backup.GetStatsAsync()).InferenceRequests, Is.EqualTo(2), "the fallback was tried for each request");
        Assert.That(_gateway.Process.Output, Does.Contain($"Model {Requested} could not answer request").And.Contains("none of its fallbacks could"));
    }

    [Test]
    public async Task FallbackReply_IsCachedAsTheFallbacksOwnAnswer_NeverAsTheRequestedModels()
    {
        var content = "cache me " + Guid.NewGuid().ToString("N");
        var deterministic = ""","temperature":0""";
        await _fleet.Primary.SetFaultsAsync(failRate: 1);

        using var fallenBack = await _gateway.Http.PostJsonAsync("/v1/chat/completions", Chat(Requested, content, deterministic));
        var fallenBackBody = await fallenBack.ReadJsonObjectAsync();
        Assert.That(fallenBack.StatusCode, Is.EqualTo(HttpStatusCode.OK), fallenBackBody.ToJsonString());
        Assert.That(Header(fallenBack, "X-ModelGateway-Model"), Is.EqualTo(Fallback));
        Assert.That(Header(fallenBack, "X-Cache"), Is.EqualTo("MISS"));

        // Stored under the fallback's own request: asking the fallback directly is a hit.
        using var direct = await _gateway.Http.PostJsonAsync("/v1/chat/completions", Chat(Fallback, content, deterministic));
        await direct.Content.ReadAsStringAsync();
        Assert.That(Header(direct, "X-Cache"), Is.EqualTo("HIT"));

        // Once the requested model answers again, the same request gets its own reply, not the stored fallback's.
        await _fleet.Primary.ResetAsync();
        using var own = await _gateway.Http.PostJsonAsync("/v1/chat/completions", Chat(Requested, content, deterministic));
        var ownBody = await own.ReadJsonObjectAsync();
        Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.OK), ownBody.ToJsonString());
        Assert.That(Header(own, "X-Cache"), Is.EqualTo("MISS"));
        Assert.That(own.Worker(), Is.EqualTo("p1"));
        Assert.That((string?)ownBody["model"], Is.EqualTo(Requested));
        Assert.That(Header(own, "X-ModelGateway-Model"), Is.Null);
    }

    [Test]
    public async Task OpenAIProtocolCluster_FallsBackToAnotherOpenAIProtocolCluster()
    {
        await _fleet.TakePrimaryDownAsync();

        using var response = await _gateway.Http.PostJsonAsync("/v1/chat/completions", Chat("gemma2:2b"));
        var body = await response.ReadJsonObjectAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        Assert.That(response.Worker(), Is.EqualTo("bo1"));
        Assert.That(Header(response, "X-ModelGateway-Model"), Is.EqualTo("phi3:medium"));
        // Relayed as the worker wrote it, which names the model it was sent.
        Assert.That((string?)body["model"], Is.EqualTo("phi3:medium"));
    }

    [Test]
    public async Task FallbackBody_IsWrittenForItsOwnClusters_AFallbackWhoseWorkersLackAFeatureIsSkipped()
    {
        await _fleet.TakePrimaryDownAsync();

        // mistral:7b comes first, but its cluster's Ollama is too old for logprobs: the next fallback answers.
        using var logprobs = await _gateway.Http.PostJsonAsync("/v1/chat/completions", Chat(LogprobsModel, extra: ""","logprobs":true"""));
        var logprobsBody = await logprobs.ReadJsonObjectAsync();
        Assert.That(logprobs.StatusCode, Is.EqualTo(HttpStatusCode.OK), logprobsBody.ToJsonString());
        Assert.That(Header(logprobs, "X-ModelGateway-Model"), Is.EqualTo(Fallback));
        Assert.That(logprobsBody["choices"]![0]!["logprobs"], Is.Not.Null);
        Assert.That((await _fleet.Old.GetStatsAsync()).InferenceRequests, Is.Zero);

        using var plain = await _gateway.Http.PostJsonAsync("/v1/chat/completions", Chat(LogprobsModel));
        var plainBody = await plain.ReadJsonObjectAsync();
        Assert.That(plain.StatusCode, Is.EqualTo(HttpStatusCode.OK), plainBody.ToJsonString());
        Assert.That(Header(plain, "X-ModelGateway-Model"), Is.EqualTo(OldFallback));
        Assert.That((string?)plainBody["model"], Is.EqualTo(OldFallback));
        Assert.That(plain.Worker(), Is.EqualTo("o1"));
    }
}
