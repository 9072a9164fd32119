using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;

namespace ModelGateway.Tests.Clients;

/// <summary>
/// The official OpenAI .NET client pointed at a gateway, with every answer it receives recorded, so a test can check
/// them against OpenAI's published schema. No retries: they would hide the status the gateway answered with.
/// </summary>
public sealed class CapturedOpenAIClient : IDisposable
{
    readonly HttpClient _http;

    public CapturedOpenAIClient(string openAIBaseUrl)
    {
        _http = new HttpClient(Capture) { Timeout = TimeSpan.FromSeconds(30) };
        Client = new OpenAIClient(new ApiKeyCredential("sk-test"), new OpenAIClientOptions
        {
            Endpoint = new Uri(openAIBaseUrl),
            Transport = new HttpClientPipelineTransport(_http),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });
    }

    public CapturingHandler Capture { get; } = new();
    public OpenAIClient Client { get; }

    /// <summary>Every answer received so far matches OpenAI's schema; also checks how many there were.</summary>
    public void AssertSchemaConformance(int expectedResponses)
    {
        var responses = Capture.Responses;
        Assert.That(responses, Has.Count.EqualTo(expectedResponses), () => string.Join("\n", responses));
        Assert.That(responses.SelectMany(OpenAIResponseConformance.Check), Is.Empty);
    }

    public void Dispose()
    {
        _http.Dispose();
        Capture.Dispose();
    }
}
