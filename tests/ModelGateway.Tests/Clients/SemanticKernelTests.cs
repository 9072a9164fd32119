using System.ClientModel;
using DescriptionAttribute = System.ComponentModel.DescriptionAttribute;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using OpenAI;

// SKEXP0010: SK marks its custom-endpoint overloads experimental; they are how an app points SK at any OpenAI-compatible server.
#pragma warning disable SKEXP0010

namespace ModelGateway.Tests.Clients;

/// <summary>
/// Semantic Kernel and Microsoft.Extensions.AI, the way a .NET app wires them to OpenAI, with only the endpoint changed
/// to the gateway: prompts, plugins the kernel calls on the model's behalf, structured output into a C# type, and
/// embeddings. Every body and SSE chunk they receive is also checked against OpenAI's published schema.
/// </summary>
[NonParallelizable]
public class SemanticKernelTests
{
    const string WeatherReport = "22 C and sunny";

    ClientFleet _fleet = null!;
    CapturingHandler _capture = null!;
    HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task StartFleet() => _fleet = await ClientFleet.SharedAsync();

    [SetUp]
    public void NewHttpClient()
    {
        _capture = new CapturingHandler();
        _http = new HttpClient(_capture) { Timeout = TimeSpan.FromSeconds(30) };
    }

    [TearDown]
    public void DisposeHttpClient()
    {
        _http.Dispose();
        _capture.Dispose();
    }

    Kernel KernelFor(string model)
    {
        var builder = Kernel.CreateBuilder();
        builder.AddOpenAIChatCompletion(model, new Uri(_fleet.OpenAIBaseUrl), apiKey: "sk-test", httpClient: _http);
        return builder.Build();
    }

    OpenAIClient OpenAIClientForGateway() => new(new ApiKeyCredential("sk-test"), new OpenAIClientOptions
    {
        Endpoint = new Uri(_fleet.OpenAIBaseUrl),
        Transport = new System.ClientModel.Primitives.HttpClientPipelineTransport(_http),
    });

    /// <summary>A kernel with the weather plugin, and a user question the model answers by calling it.</summary>
    (Kernel Kernel, WeatherPlugin Weather, IChatCompletionService Chat, ChatHistory History) WeatherConversation()
    {
        var kernel = KernelFor(ClientFleet.ChatModel);
        var weather = new WeatherPlugin();
        kernel.Plugins.AddFromObject(weather, "weather");
        var history = new ChatHistory();
        history.AddUserMessage("What is the weather in Paris?");
        return (kernel, weather, kernel.GetRequiredService<IChatCompletionService>(), history);
    }

    void AssertSchemaConformance(int expectedResponses)
    {
        var responses = _capture.Responses;
        Assert.That(responses, Has.Count.EqualTo(expectedResponses), () => string.Join("\n", responses));
        Assert.That(responses.SelectMany(OpenAIResponseConformance.Check), Is.Empty);
    }

    [Test]
    public async Task InvokePrompt_RendersTheTemplate_AndReturnsTheModelsReplyWithUsage()
    {
        var kernel = KernelFor(ClientFleet.ChatModel);

        var result = await kernel.InvokePromptAsync("Say hello to {{$name}}.", new KernelArguments { ["name"] = "the gateway" });

        Assert.That(result.ToString(), Is.Not.Empty);
        Assert.That(_capture.Responses[0].RequestBody, Does.Contain("Say hello to the gateway."), "the template was rendered before sending");
        var usage = result.Metadata!["Usage"] as global::OpenAI.Chat.ChatTokenUsage;
        Assert.That(usage, Is.Not.Null);
        Assert.That(usage!.OutputTokenCount, Is.GreaterThan(0));
        AssertSchemaConformance(1);
    }

    [Test]
    public async Task AutoFunctionCalling_TheKernelRunsThePlugin_AndTheModelAnswersFromItsResult()
    {
        var (kernel, weather, chat, history) = WeatherConversation();

        var answer = await chat.GetChatMessageContentAsync(history,
            new OpenAIPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() }, kernel);

        Assert.That(weather.Cities, Is.EqualTo(new[] { "Paris" }), "the model's tool call reached the plugin with its argument");
        Assert.That(answer.Content, Does.Contain(WeatherReport), "the model's final answer used the plugin's result");
        // The tool call, then the answer; SK added the call and its result to the history in between.
        AssertSchemaConformance(2);
        Assert.That(_capture.Responses[0].Body, Does.Contain("\"finish_reason\":\"tool_calls\""));
        Assert.That(_capture.Responses[1].RequestBody, Does.Contain("\"role\":\"tool\"").And.Contain(WeatherReport));
    }

    [Test]
    public async Task AutoFunctionCalling_Streamed_AssemblesTheToolCallFromDeltas()
    {
        var (kernel, weather, chat, history) = WeatherConversation();

        var text = new StringBuilder();
        var updates = 0;
        await foreach (var update in chat.GetStreamingChatMessageContentsAsync(history,
                           new OpenAIPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() }, kernel))
        {
            text.Append(update.Content);
            updates++;
        }

        Assert.That(weather.Cities, Is.EqualTo(new[] { "Paris" }));
        Assert.That(text.ToString(), Does.Contain(WeatherReport));
        Assert.That(updates, Is.GreaterThan(2), "the answer arrived as a stream of deltas");
        AssertSchemaConformance(2);
        Assert.That(_capture.Responses.Select(r => r.ContentType), Has.All.StartWith("text/event-stream"));
    }

    [Test]
    public async Task StructuredOutput_ResponseFormatAsACSharpType_DeserialisesIntoIt()
    {
        var kernel = KernelFor(ClientFleet.ChatModel);

        var result = await kernel.InvokePromptAsync("Give me facts about Paris, population 2100000.",
            new KernelArguments(new OpenAIPromptExecutionSettings { ResponseFormat = typeof(CityFacts) }));

        var facts = JsonSerializer.Deserialize<CityFacts>(result.ToString())!;
        Assert.That(facts.City, Is.EqualTo("Paris"));
        Assert.That(facts.Population, Is.EqualTo(2100000));
        Assert.That(facts.Landmarks, Is.Not.Empty.And.All.Not.Empty);
        Assert.That(_capture.Responses[0].RequestBody, Does.Contain("\"json_schema\""), "SK turned the type into a JSON schema");
        AssertSchemaConformance(1);
    }

    [Test]
    public async Task EmbeddingGenerator_GivesOneNormalisedVectorPerText()
    {
        var kernel = Kernel.CreateBuilder()
            .AddOpenAIEmbeddingGenerator(ClientFleet.EmbeddingModel, OpenAIClientForGateway())
            .Build();
        var generator = kernel.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        var embeddings = await generator.GenerateAsync(["the first text", "another text"]);

        Assert.That(embeddings, Has.Count.EqualTo(2));
        Assert.That(embeddings.Select(e => e.Vector.Length), Has.All.EqualTo(384));
        Assert.That(embeddings[0].Vector.ToArray(), Is.Not.EqualTo(embeddings[1].Vector.ToArray()));
        Assert.That(embeddings.Usage?.InputTokenCount, Is.GreaterThan(0));
        AssertSchemaConformance(1);
    }

    [Test]
    public async Task ExtensionsAIChatClient_WithFunctionInvocation_CallsTheFunctionAndStreamsTheAnswer()
    {
        var weather = new WeatherPlugin();
        using var client = new ChatClientBuilder(OpenAIClientForGateway().GetChatClient(ClientFleet.ChatModel).AsIChatClient())
            .UseFunctionInvocation()
            .Build();
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create(weather.GetWeather, "get_weather")] };

        var text = new StringBuilder();
        await foreach (var update in client.GetStreamingResponseAsync("What is the weather in Paris?", options))
            text.Append(update.Text);

        Assert.That(weather.Cities, Is.EqualTo(new[] { "Paris" }));
        Assert.That(text.ToString(), Does.Contain(WeatherReport));
        AssertSchemaConformance(2);
    }

    public sealed class WeatherPlugin
    {
        public List<string> Cities { get; } = [];

        [KernelFunction("get_weather"), Description("Current weather for a city")]
        public string GetWeather([Description("a city")] string location)
        {
            Cities.Add(location);
            return WeatherReport;
        }
    }

    public sealed class CityFacts
    {
        [System.Text.Json.Serialization.JsonPropertyName("city")] public string City { get; set; } = "";
        [System.Text.Json.Serialization.JsonPropertyName("population")] public long Population { get; set; }
        [System.Text.Json.Serialization.JsonPropertyName("landmarks")] public List<string> Landmarks { get; set; } = [];
    }
}
