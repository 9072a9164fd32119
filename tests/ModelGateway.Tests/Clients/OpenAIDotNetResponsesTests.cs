using System.ClientModel;
using System.Text.Json;
using OpenAI;
using OpenAI.Responses;

#pragma warning disable OPENAI001 // The SDK marks its Responses client experimental.

namespace ModelGateway.Tests.Clients;

/// <summary>
/// The OpenAI .NET SDK's Responses client against the gateway, as if it were api.openai.com: whole and streamed
/// responses, a function-call round trip through a stored response, structured output, retrieval and deletion. Every
/// answer it received is checked against OpenAI's published schema.
/// </summary>
[NonParallelizable]
public class OpenAIDotNetResponsesTests
{
    static readonly BinaryData WeatherParameters = BinaryData.FromString(
        """{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}""");

    ClientFleet _fleet = null!;
    CapturedOpenAIClient _captured = null!;
    ResponsesClient _client = null!;

    [OneTimeSetUp]
    public async Task StartFleet() => _fleet = await ClientFleet.SharedAsync();

    [SetUp]
    public void NewClient()
    {
        _captured = new CapturedOpenAIClient(_fleet.OpenAIBaseUrl);
        _client = _captured.Client.GetResponsesClient();
    }

    [TearDown]
    public void DisposeClient()
    {
        _captured.Dispose();
    }

    void AssertSchemaConformance(int expectedResponses) => _captured.AssertSchemaConformance(expectedResponses);

    [Test]
    public async Task CreateResponse_ReturnsTextStatusAndUsage()
    {
        ResponseResult response = await _client.CreateResponseAsync(new CreateResponseOptions(ClientFleet.ChatModel, [ResponseItem.CreateUserMessageItem("Say hello.")])
        {
            Instructions = "Be brief.",
        });
        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(ResponseStatus.Completed));
            Assert.That(response.Model, Is.EqualTo(ClientFleet.ChatModel));
            Assert.That(response.GetOutputText(), Is.Not.Empty);
            Assert.That(response.Usage.TotalTokenCount, Is.EqualTo(response.Usage.InputTokenCount + response.Usage.OutputTokenCount));
        });
        AssertSchemaConformance(1);
    }

    [Test]
    public async Task StreamedResponse_DeltasAddUpToTheCompletedResponse()
    {
        var text = "";
        ResponseResult? completed = null;
        var options = new CreateResponseOptions(ClientFleet.ChatModel, [ResponseItem.CreateUserMessageItem("Tell me about lakes.")]) { StreamingEnabled = true };
        await foreach (var update in await _client.CreateResponseStreamingAsync(options))
        {
            if (update is StreamingResponseOutputTextDeltaUpdate delta) text += delta.Delta;
            if (update is StreamingResponseCompletedUpdate done) completed = done.Response;
        }
        Assert.That(completed, Is.Not.Null, "the stream ends with response.completed");
        Assert.That(text, Is.EqualTo(completed!.GetOutputText()));
        Assert.That(text, Is.Not.Empty);
        AssertSchemaConformance(1);
    }

    [Test]
    public async Task FunctionCall_AnsweredThroughPreviousResponseId()
    {
        var tool = ResponseTool.CreateFunctionTool("get_weather", WeatherParameters, strictModeEnabled: true, functionDescription: "Current weather for a city");
        var first = (await _client.CreateResponseAsync(new CreateResponseOptions(ClientFleet.ChatModel,
            [ResponseItem.CreateUserMessageItem("What is the weather in Paris? Use get_weather.")]) { Tools = { tool } })).Value;
        var call = first.OutputItems.OfType<FunctionCallResponseItem>().Single();
        Assert.That(call.FunctionName, Is.EqualTo("get_weather"));
        Assert.That(JsonDocument.Parse(call.FunctionArguments).RootElement.GetProperty("location").GetString(), Is.EqualTo("Paris"));

        var second = (await _client.CreateResponseAsync(new CreateResponseOptions(ClientFleet.ChatModel,
            [ResponseItem.CreateFunctionCallOutputItem(call.CallId, "22 C and sunny")]) { PreviousResponseId = first.Id, Tools = { tool } })).Value;
        Assert.That(second.GetOutputText(), Does.Contain("get_weather returned \"22 C and sunny\""));
        AssertSchemaConformance(2);
    }

    [Test]
    public async Task StructuredOutput_FollowsTheJsonSchema()
    {
        var schema = BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"},"population":{"type":"integer"}},"required":["city","population"],"additionalProperties":false}""");
        var response = (await _client.CreateResponseAsync(new CreateResponseOptions(ClientFleet.ChatModel,
            [ResponseItem.CreateUserMessageItem("Paris has a population of 2100000.")])
        {
            TextOptions = new ResponseTextOptions { TextFormat = ResponseTextFormat.CreateJsonSchemaFormat("city", schema, jsonSchemaIsStrict: true) },
        })).Value;
        using var parsed = JsonDocument.Parse(response.GetOutputText());
        Assert.That(parsed.RootElement.GetProperty("population").GetInt64(), Is.EqualTo(2100000));
        AssertSchemaConformance(1);
    }

    [Test]
    public async Task GetAndDelete_AStoredResponse()
    {
        var created = (await _client.CreateResponseAsync(ClientFleet.ChatModel, "Keep this.")).Value;
        var retrieved = (await _client.GetResponseAsync(created.Id)).Value;
        Assert.That(retrieved.GetOutputText(), Is.EqualTo(created.GetOutputText()));

        var deleted = (await _client.DeleteResponseAsync(created.Id)).Value;
        Assert.That(deleted.Deleted, Is.True);
        Assert.That(deleted.ResponseId, Is.EqualTo(created.Id));
        var gone = Assert.ThrowsAsync<ClientResultException>(() => _client.GetResponseAsync(created.Id));
        Assert.That(gone!.Status, Is.EqualTo(404));
        AssertSchemaConformance(4);
    }
}
