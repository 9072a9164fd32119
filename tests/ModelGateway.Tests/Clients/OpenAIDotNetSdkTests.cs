using System.ClientModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;
using OpenAI.Models;

namespace ModelGateway.Tests.Clients;

/// <summary>
/// The official OpenAI .NET SDK (also what Semantic Kernel's OpenAI connector runs on) pointed at the gateway as if it
/// were api.openai.com. Every body and SSE chunk the SDK receives is also checked against OpenAI's published schema.
/// </summary>
[NonParallelizable]
public class OpenAIDotNetSdkTests
{
    const string WeatherToolSchema = """
        {"type":"object","properties":{"location":{"type":"string","description":"a city"}},"required":["location"]}
        """;
    const string ToolResult = "22 C and sunny";
    // A 1x1 PNG.
    static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    ClientFleet _fleet = null!;
    CapturedOpenAIClient _captured = null!;
    OpenAIClient _client = null!;

    [OneTimeSetUp]
    public async Task StartFleet() => _fleet = await ClientFleet.SharedAsync();

    [SetUp]
    public void NewClient()
    {
        _captured = new CapturedOpenAIClient(_fleet.OpenAIBaseUrl);
        _client = _captured.Client;
    }

    [TearDown]
    public void DisposeClient()
    {
        _captured.Dispose();
    }

    void AssertSchemaConformance(int expectedResponses) => _captured.AssertSchemaConformance(expectedResponses);

    [TestCase(ClientFleet.ChatModel)]
    [TestCase(ClientFleet.ThinkingModel)]
    public async Task CompleteChat_ReturnsTheRepliesTextUsageAndModel(string model)
    {
        ChatCompletion completion = await _client.GetChatClient(model).CompleteChatAsync(
            new SystemChatMessage("You are terse."), new UserChatMessage("Say hello to the gateway."));

        Assert.That(completion.Content, Has.Count.EqualTo(1));
        Assert.That(completion.Content[0].Text, Is.Not.Empty);
        Assert.That(completion.Role, Is.EqualTo(ChatMessageRole.Assistant));
        Assert.That(completion.FinishReason, Is.EqualTo(ChatFinishReason.Stop));
        Assert.That(completion.Model, Is.EqualTo(model));
        Assert.That(completion.Id, Does.StartWith("chatcmpl-"));
        Assert.That(completion.Usage.InputTokenCount, Is.GreaterThan(0));
        Assert.That(completion.Usage.OutputTokenCount, Is.GreaterThan(0));
        Assert.That(completion.Usage.TotalTokenCount, Is.EqualTo(completion.Usage.InputTokenCount + completion.Usage.OutputTokenCount));
        AssertSchemaConformance(1);
    }

    [TestCase(ClientFleet.ChatModel)]
    [TestCase(ClientFleet.ThinkingModel)]
    public async Task CompleteChatStreaming_DeliversTheSameTextInSeveralUpdates_ThenFinishReasonAndUsage(string model)
    {
        var chat = _client.GetChatClient(model);
#pragma warning disable OPENAI001 // the developer role is still marked experimental in the SDK
        ChatMessage[] messages = [new DeveloperChatMessage("Answer briefly."), new UserChatMessage("Tell me something about rivers.")];
#pragma warning restore OPENAI001
        ChatCompletion whole = await chat.CompleteChatAsync(messages);

        var text = new System.Text.StringBuilder();
        var contentUpdates = 0;
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        var ids = new HashSet<string>();
        await foreach (var update in chat.CompleteChatStreamingAsync(messages))
        {
            ids.Add(update.CompletionId);
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
                contentUpdates++;
            }
            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        // The simulator answers the same request with the same text, so streaming must reassemble it exactly.
        Assert.That(text.ToString(), Is.EqualTo(whole.Content[0].Text));
        Assert.That(contentUpdates, Is.GreaterThan(1), "the reply should arrive in pieces");
        Assert.That(finish, Is.EqualTo(ChatFinishReason.Stop));
        Assert.That(ids, Has.Count.EqualTo(1), "every chunk carries the same completion id");
        Assert.That(usage, Is.Not.Null, "the SDK asks for include_usage; the usage chunk must come");
        Assert.That(usage!.OutputTokenCount, Is.EqualTo(whole.Usage.OutputTokenCount));
        AssertSchemaConformance(2);
    }

    [Test]
    public async Task ToolCalling_RoundTrip_ModelCallsTheTool_ThenAnswersFromItsResult()
    {
        var chat = _client.GetChatClient(ClientFleet.ChatModel);
        var options = new ChatCompletionOptions { Tools = { ChatTool.CreateFunctionTool("get_weather", "Current weather for a city", BinaryData.FromString(WeatherToolSchema)) } };
        List<ChatMessage> messages = [new UserChatMessage("What is the weather in Paris? Use get_weather.")];

        ChatCompletion first = await chat.CompleteChatAsync(messages, options);
        Assert.That(first.FinishReason, Is.EqualTo(ChatFinishReason.ToolCalls));
        Assert.That(first.ToolCalls, Has.Count.EqualTo(1));
        var call = first.ToolCalls[0];
        Assert.That(call.Kind, Is.EqualTo(ChatToolCallKind.Function));
        Assert.That(call.FunctionName, Is.EqualTo("get_weather"));
        Assert.That(call.Id, Is.Not.Empty);
        Assert.That(JsonNode.Parse(call.FunctionArguments.ToString())!["location"]!.GetValue<string>(), Is.EqualTo("Paris"));

        messages.Add(new AssistantChatMessage(first));
        messages.Add(new ToolChatMessage(call.Id, ToolResult));
        ChatCompletion final = await chat.CompleteChatAsync(messages, options);

        Assert.That(final.FinishReason, Is.EqualTo(ChatFinishReason.Stop));
        Assert.That(final.ToolCalls, Is.Empty);
        // The simulator quotes tool results by tool name: the gateway had to carry the name over from the call.
        Assert.That(final.Content[0].Text, Does.Contain($"get_weather returned \"{ToolResult}\""));
        AssertSchemaConformance(2);
    }

    [Test]
    public async Task ToolCalling_RoundTrip_Streamed()
    {
        var chat = _client.GetChatClient(ClientFleet.ChatModel);
        var options = new ChatCompletionOptions { Tools = { ChatTool.CreateFunctionTool("get_weather", "Current weather for a city", BinaryData.FromString(WeatherToolSchema)) } };
        List<ChatMessage> messages = [new UserChatMessage("What is the weather in Paris? Use get_weather.")];

        // Assemble calls from their updates by index, as SDK samples do.
        var ids = new Dictionary<int, string>();
        var names = new Dictionary<int, string>();
        var arguments = new Dictionary<int, System.Text.StringBuilder>();
        ChatFinishReason? finish = null;
        await foreach (var update in chat.CompleteChatStreamingAsync(messages, options))
        {
            foreach (var part in update.ToolCallUpdates)
            {
                if (part.ToolCallId is { } id) ids[part.Index] = id;
                if (part.FunctionName is { } name) names[part.Index] = name;
                if (!arguments.TryGetValue(part.Index, out var args)) arguments[part.Index] = args = new();
                if (part.FunctionArgumentsUpdate is { } a && !a.ToMemory().IsEmpty) args.Append(a.ToString());
            }
            finish ??= update.FinishReason;
        }
        Assert.That(finish, Is.EqualTo(ChatFinishReason.ToolCalls));
        Assert.That(names, Is.EqualTo(new Dictionary<int, string> { [0] = "get_weather" }));
        Assert.That(ids.Keys, Is.EquivalentTo(new[] { 0 }));
        Assert.That(JsonNode.Parse(arguments[0].ToString())!["location"]!.GetValue<string>(), Is.EqualTo("Paris"));

        messages.Add(new AssistantChatMessage([ChatToolCall.CreateFunctionToolCall(ids[0], names[0], BinaryData.FromString(arguments[0].ToString()))]));
        messages.Add(new ToolChatMessage(ids[0], ToolResult));
        var text = new System.Text.StringBuilder();
        finish = null;
        await foreach (var update in chat.CompleteChatStreamingAsync(messages, options))
        {
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
            finish ??= update.FinishReason;
        }
        Assert.That(finish, Is.EqualTo(ChatFinishReason.Stop));
        Assert.That(text.ToString(), Does.Contain($"get_weather returned \"{ToolResult}\""));
        AssertSchemaConformance(2);
    }

    [Test]
    public async Task ParallelToolCalls_StreamedAsIndexedUpdates_AssembleIntoTwoCalls()
    {
        var chat = _client.GetChatClient(ClientFleet.ChatModel);
        var options = new ChatCompletionOptions
        {
            Tools =
            {
                ChatTool.CreateFunctionTool("get_weather", "Current weather for a city", BinaryData.FromString(WeatherToolSchema)),
                ChatTool.CreateFunctionTool("get_time", "Local time in a city", BinaryData.FromString(WeatherToolSchema)),
            },
        };
        var names = new Dictionary<int, string>();
        var ids = new Dictionary<int, string>();
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Call get_weather and get_time for Paris.")], options))
            foreach (var part in update.ToolCallUpdates)
            {
                if (part.FunctionName is { } name) names[part.Index] = name;
                if (part.ToolCallId is { } id) ids[part.Index] = id;
            }

        Assert.That(names, Is.EqualTo(new Dictionary<int, string> { [0] = "get_weather", [1] = "get_time" }));
        Assert.That(ids.Values.Distinct().Count(), Is.EqualTo(2), "each call has its own id");
        AssertSchemaConformance(1);
    }

    [Test]
    public async Task MaxOutputTokens_CutsTheReplyWithFinishReasonLength_StreamedOrNot()
    {
        var chat = _client.GetChatClient(ClientFleet.ChatModel);
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 3 };
        ChatMessage[] messages = [new UserChatMessage("Tell me something long.")];
        ChatCompletion whole = await chat.CompleteChatAsync(messages, options);
        Assert.That(whole.FinishReason, Is.EqualTo(ChatFinishReason.Length));
        Assert.That(whole.Usage.OutputTokenCount, Is.EqualTo(3));

        ChatFinishReason? finish = null;
        await foreach (var update in chat.CompleteChatStreamingAsync(messages, options)) finish ??= update.FinishReason;
        Assert.That(finish, Is.EqualTo(ChatFinishReason.Length));
        AssertSchemaConformance(2);
    }

    [Test]
    public async Task Logprobs_AreReadByTheSdk_OnePerContentToken_StreamedOrNot()
    {
        var chat = _client.GetChatClient(ClientFleet.ChatModel);
        var options = new ChatCompletionOptions { IncludeLogProbabilities = true, TopLogProbabilityCount = 2 };
        ChatMessage[] messages = [new UserChatMessage("Say something about clouds.")];

        ChatCompletion whole = await chat.CompleteChatAsync(messages, options);
        var tokens = whole.ContentTokenLogProbabilities;
        Assert.That(string.Concat(tokens.Select(t => t.Token)), Is.EqualTo(whole.Content[0].Text));
        Assert.That(tokens.Select(t => t.LogProbability), Has.All.LessThanOrEqualTo(0f));
        Assert.That(tokens.Select(t => t.TopLogProbabilities.Count), Has.All.EqualTo(2));

        var streamed = new List<ChatTokenLogProbabilityDetails>();
        await foreach (var update in chat.CompleteChatStreamingAsync(messages, options)) streamed.AddRange(update.ContentTokenLogProbabilities);
        Assert.That(streamed.Select(t => (t.Token, t.LogProbability)), Is.EqualTo(tokens.Select(t => (t.Token, t.LogProbability))));
        AssertSchemaConformance(2);
    }

    sealed record CityFacts(string City, int Population, List<string> Landmarks);

    [Test]
    public async Task StructuredOutput_JsonSchema_DeserialisesIntoACSharpType()
    {
        const string schema = """
            {"type":"object","properties":{"city":{"type":"string"},"population":{"type":"integer"},
             "landmarks":{"type":"array","items":{"type":"string"}}},
             "required":["city","population","landmarks"],"additionalProperties":false}
            """;
        var options = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("city_facts", BinaryData.FromString(schema), jsonSchemaIsStrict: true),
        };
        ChatCompletion completion = await _client.GetChatClient(ClientFleet.ChatModel).CompleteChatAsync(
            [new UserChatMessage("Give me facts about Paris, population 2100000.")], options);

        var facts = JsonSerializer.Deserialize<CityFacts>(completion.Content[0].Text, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.That(facts.City, Is.EqualTo("Paris"));
        Assert.That(facts.Population, Is.EqualTo(2100000));
        Assert.That(facts.Landmarks, Has.Count.GreaterThan(0).And.All.Not.Empty);
        // The worker got the schema itself (the simulator only fills a schema it was given).
        Assert.That(_captured.Capture.Responses[0].RequestBody, Does.Contain("\"json_schema\""));
        AssertSchemaConformance(1);
    }

    [Test]
    public async Task ImageInput_AsDataUrl_ReachesAVisionModel()
    {
        ChatCompletion completion = await _client.GetChatClient(ClientFleet.VisionModel).CompleteChatAsync(
            new UserChatMessage(ChatMessageContentPart.CreateTextPart("What is in this picture?"),
                ChatMessageContentPart.CreateImagePart(BinaryData.FromBytes(Png), "image/png")));

        Assert.That(_captured.Capture.Responses[0].RequestBody, Does.Contain("data:image/png;base64,"), "the SDK sends images as data URLs");
        // The simulator counts the images the worker received.
        Assert.That(completion.Content[0].Text, Does.StartWith("I see 1 image."));
        Assert.That(completion.Usage.InputTokenCount, Is.GreaterThan(500), "an image costs hundreds of prompt tokens");
        AssertSchemaConformance(1);
    }

    [Test]
    public async Task Embeddings_SdkDefaultBase64_AndFloat_GiveTheSameVectors()
    {
        var embeddings = _client.GetEmbeddingClient(ClientFleet.EmbeddingModel);
        OpenAIEmbeddingCollection collection = await embeddings.GenerateEmbeddingsAsync(["the first text", "another text"]);
        Assert.That(_captured.Capture.Responses[0].RequestBody, Does.Contain("\"encoding_format\":\"base64\""), "the SDK asks for base64 by default");
        Assert.That(collection, Has.Count.EqualTo(2));
        Assert.That(collection.Select(e => e.Index), Is.EqualTo(new[] { 0, 1 }));
        Assert.That(collection.Model, Is.EqualTo(ClientFleet.EmbeddingModel));
        Assert.That(collection.Usage.InputTokenCount, Is.GreaterThan(0));
        var first = collection[0].ToFloats().ToArray();
        var second = collection[1].ToFloats().ToArray();
        Assert.That(first, Has.Length.EqualTo(384));
        Assert.That(first, Is.Not.EqualTo(second));

        var body = BinaryContent.Create(BinaryData.FromString($$"""{"model":"{{ClientFleet.EmbeddingModel}}","input":"the first text","encoding_format":"float"}"""));
        ClientResult result = await embeddings.GenerateEmbeddingsAsync(body);
        var floats = JsonNode.Parse(result.GetRawResponse().Content.ToString())!["data"]![0]!["embedding"]!.AsArray().Select(x => x!.GetValue<float>()).ToArray();
        Assert.That(floats, Is.EqualTo(first));
        AssertSchemaConformance(2);
    }

    [Test]
    public async Task Embeddings_WithDimensions_AreShortenedToUnitLength()
    {
        OpenAIEmbedding embedding = await _client.GetEmbeddingClient(ClientFleet.EmbeddingModel)
            .GenerateEmbeddingAsync("the first text", new EmbeddingGenerationOptions { Dimensions = 64 });
        var vector = embedding.ToFloats().ToArray();
        Assert.That(vector, Has.Length.EqualTo(64));
        Assert.That(Math.Sqrt(vector.Sum(v => (double)v * v)), Is.EqualTo(1).Within(1e-3));
        Assert.That(_captured.Capture.Responses[0].RequestBody, Does.Contain("\"dimensions\":64"));
        AssertSchemaConformance(1);
    }

    [Test]
    public async Task Models_ListAndRetrieve()
    {
        var models = _client.GetOpenAIModelClient();
        OpenAIModelCollection list = await models.GetModelsAsync();
        Assert.That(list.Select(m => m.Id), Is.SupersetOf(new[] { ClientFleet.ChatModel, ClientFleet.VisionModel, ClientFleet.EmbeddingModel, ClientFleet.ThinkingModel }));
        Assert.That(list.Select(m => m.OwnedBy), Has.All.Not.Empty);

        OpenAIModel one = await models.GetModelAsync(ClientFleet.ChatModel);
        Assert.That(one.Id, Is.EqualTo(ClientFleet.ChatModel));
        Assert.That(one.CreatedAt, Is.GreaterThan(DateTimeOffset.UnixEpoch));
        AssertSchemaConformance(2);
    }

    [Test]
    public void BadRequest_OutOfRangeTemperature_IsA400ClientResultException()
    {
        var chat = _client.GetChatClient(ClientFleet.ChatModel);
        var ex = Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage("hi")], new ChatCompletionOptions { Temperature = 5 }));
        Assert.That(ex!.Status, Is.EqualTo(400));
        Assert.That(ex.Message, Does.Contain("temperature"));
        AssertSchemaConformance(1);
        Assert.That(JsonNode.Parse(_captured.Capture.Responses[0].Body)!["error"]!["param"]!.GetValue<string>(), Is.EqualTo("temperature"));
    }

    [Test]
    public void BadRequest_SeveralChoices_IsA400ClientResultException()
    {
        // The SDK has no public N; its protocol method sends the raw body.
        var chat = _client.GetChatClient(ClientFleet.ChatModel);
        var body = BinaryContent.Create(BinaryData.FromString($$"""{"model":"{{ClientFleet.ChatModel}}","messages":[{"role":"user","content":"hi"}],"n":2}"""));
        var ex = Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync(body));
        Assert.That(ex!.Status, Is.EqualTo(400));
        AssertSchemaConformance(1);
        Assert.That(JsonNode.Parse(_captured.Capture.Responses[0].Body)!["error"]!["param"]!.GetValue<string>(), Is.EqualTo("n"));
    }

    [Test]
    public void UnknownModel_IsA404ClientResultException_ForChatAndRetrieve()
    {
        var chat = Assert.ThrowsAsync<ClientResultException>(() => _client.GetChatClient("no-such-model:1b").CompleteChatAsync(new UserChatMessage("hi")));
        Assert.That(chat!.Status, Is.EqualTo(404));
        Assert.That(chat.Message, Does.Contain("no-such-model"));
        var retrieve = Assert.ThrowsAsync<ClientResultException>(() => _client.GetOpenAIModelClient().GetModelAsync("no-such-model:1b"));
        Assert.That(retrieve!.Status, Is.EqualTo(404));
        AssertSchemaConformance(2);
    }

    [Test]
    public void AllWorkersBusy_IsA503ClientResultException_StreamedOrNot()
    {
        var chat = _client.GetChatClient(ClientFleet.BusyModel);
        var whole = Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync(new UserChatMessage("hi")));
        Assert.That(whole!.Status, Is.EqualTo(503));
        var streamed = Assert.ThrowsAsync<ClientResultException>(async () =>
        {
            await foreach (var _ in chat.CompleteChatStreamingAsync(new UserChatMessage("hi"))) { }
        });
        Assert.That(streamed!.Status, Is.EqualTo(503));
        AssertSchemaConformance(2);
    }

    [Test]
    public async Task WorkerCrashingMidStream_SurfacesAsAnErrorInTheSdk()
    {
        var chat = _client.GetChatClient(ClientFleet.FlakyModel);
        var text = new System.Text.StringBuilder();
        Exception? error = null;
        try
        {
            await foreach (var update in chat.CompleteChatStreamingAsync(new UserChatMessage("Tell me a long story.")))
            {
                foreach (var part in update.ContentUpdate) text.Append(part.Text);
                if (text.Length > 0) _fleet.KillFlakyWorker();
            }
        }
        catch (Exception e)
        {
            error = e;
        }
        finally
        {
            await _fleet.ReviveFlakyWorkerAsync();
        }
        // The SDK itself ignores the error event: it can only notice that the body was cut short.
        Assert.That(text.ToString(), Is.Not.Empty, "the failure should come after some text");
        Assert.That(error, Is.InstanceOf<IOException>(), $"the SDK should fail instead of returning the cut-short text '{text}'");
        var body = _captured.Capture.Responses.Single().Body;
        Assert.That(body, Does.Contain("data: {\"error\":{\"message\":\"the worker's stream was interrupted\""), "clients that read SSE error events get one first");
        Assert.That(body, Does.Not.Contain("[DONE]"));
        AssertSchemaConformance(1);
    }
}
