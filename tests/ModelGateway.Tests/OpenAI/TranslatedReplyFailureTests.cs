using System.Net;
using System.Text.Json.Nodes;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.OpenAI;

/// <summary>A worker that fails while its translated reply is being read: the client gets an OpenAI error, never a bare 500.</summary>
[NonParallelizable]
public class TranslatedReplyFailureTests
{
    SimulatorProcess _sim = null!;
    GatewayProcess _gateway = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _sim = await SimulatorProcess.StartAsync("--models", "llama3.2:3b,all-minilm:latest=embedding", "--preload", "*", "--quiet");
        _gateway = await GatewayProcess.StartAsync(new FleetConfig().Cluster("gpu").Worker("gpu", "w1", _sim.BaseUrl)
                .Model("llama3.2:3b", "gpu", "gpt-4o-mini").Model("all-minilm", "gpu", "text-embedding-3-small")
                .Set("Dispatch:RetryAfterSeconds", 7),
            waitForModels: ["llama3.2:3b", "all-minilm:latest"]);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        if (_sim is not null) await _sim.DisposeAsync();
    }

    [TearDown]
    public Task ClearFaults() => _sim.ResetAsync();

    [TestCase("/v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}""")]
    [TestCase("/v1/completions", """{"model":"gpt-4o-mini","prompt":"hi"}""")]
    [TestCase("/v1/embeddings", """{"model":"text-embedding-3-small","input":"hi"}""")]
    public async Task WorkerConnectionBreakingDuringAWholeReply_Is502InOpenAIsEnvelope_WithRetryAfter(string path, string body)
    {
        await _sim.SetFaultsAsync(dropRate: 1);

        using var response = await _gateway.Http.PostJsonAsync(path, body);

        Assert.That((int)response.StatusCode, Is.EqualTo(502), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        var error = (await response.ReadJsonObjectAsync())["error"]!;
        Assert.That((string?)error["type"], Is.EqualTo("server_error"));
        Assert.That((string?)error["message"], Is.Not.Empty);
        Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(7)));
        Assert.That(response.Headers.Contains("x-request-id"), Is.True);
    }

    [Test]
    public async Task WorkerSilentLongerThanTheStreamIdleTimeout_IsReportedAsSuch_OnBothSurfaces()
    {
        await using var slow = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--preload", "*", "--token-ms", "3000", "--quiet");
        await using var gateway = await GatewayProcess.StartAsync(new FleetConfig().Cluster("gpu").Worker("gpu", "w1", slow.BaseUrl)
                .Model("llama3.2:3b", "gpu").Set("Dispatch:StreamIdleTimeout", "00:00:00.500"),
            waitForModels: ["llama3.2:3b"]);

        using var openAI = await gateway.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"llama3.2:3b","messages":[{"role":"user","content":"hi"}],"stream":true}""", System.Text.Encoding.UTF8, "application/json"),
        }, HttpCompletionOption.ResponseHeadersRead);
        Assert.That(openAI.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var events = new List<string>();
        using (var reader = new StreamReader(await openAI.Content.ReadAsStreamAsync()))
        {
            try
            {
                while (await reader.ReadLineAsync() is { } line)
                    if (line.Length > 0) events.Add(line);
            }
            catch (IOException) { }
            catch (HttpRequestException) { }
        }
        var error = JsonNode.Parse(events[^1]["data: ".Length..])!["error"]!;
        Assert.That((string?)error["message"], Does.Contain("sent nothing for 0.5 s"));

        using var native = await gateway.Http.PostJsonAsync("/api/chat", """{"model":"llama3.2:3b","messages":[{"role":"user","content":"hi"}]}""");
        var lines = await native.ReadNdjsonAsync();
        Assert.That((string?)lines[^1]["error"], Does.Contain("sent nothing for 0.5 s"));

        await gateway.WaitForLogAsync("Dispatch:StreamIdleTimeout");
        Assert.That(gateway.Process.Output, Does.Not.Contain("broke the stream"));
    }
}
