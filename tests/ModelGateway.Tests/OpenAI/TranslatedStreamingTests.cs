using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.OpenAI;

/// <summary>The translated /v1 stream as a client sees it on the wire: timely, well-formed, honest about failures.</summary>
[NonParallelizable]
public class TranslatedStreamingTests
{
    static async Task<GatewayProcess> GatewayFor(SimulatorProcess sim)
        => await GatewayProcess.StartAsync(new FleetConfig().Cluster("gpu").Worker("gpu", "w1", sim.BaseUrl).Model("llama3.2:3b", "gpu", "gpt-4o-mini")
            // Requests wait for a busy worker this long before the gateway gives up with 503.
            .Set("Dispatch:QueueTimeout", "00:00:01"),
            waitForModels: ["llama3.2:3b"]);

    static HttpRequestMessage Chat(bool stream) => new(HttpMethod.Post, "/v1/chat/completions")
    {
        Content = new StringContent($$"""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"tell me a story"}],"stream":{{(stream ? "true" : "false")}}}""",
            System.Text.Encoding.UTF8, "application/json"),
    };

    [Test]
    public async Task SseEvents_ArriveAsTheWorkerGenerates()
    {
        await using var sim = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--preload", "*", "--token-ms", "100", "--reply-tokens", "12", "--quiet");
        await using var gateway = await GatewayFor(sim);

        var clock = Stopwatch.StartNew();
        using var response = await gateway.Http.SendAsync(Chat(stream: true), HttpCompletionOption.ResponseHeadersRead);
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/event-stream"));
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = await reader.ReadLineAsync();
        var firstAt = clock.Elapsed;
        string? last = null;
        while (await reader.ReadLineAsync() is { } line)
            if (line.Length > 0) last = line;
        var lastAt = clock.Elapsed;

        Assert.That(first, Does.StartWith("data: {"));
        Assert.That(last, Is.EqualTo("data: [DONE]"));
        Assert.That(lastAt - firstAt, Is.GreaterThan(TimeSpan.FromMilliseconds(800)), $"first event at {firstAt.TotalMilliseconds:0} ms, [DONE] at {lastAt.TotalMilliseconds:0} ms");
    }

    [Test]
    public async Task WorkerFailingMidStream_EndsWithAnErrorEvent_AndNoDone()
    {
        await using var sim = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--preload", "*", "--token-ms", "20", "--drop-rate", "1", "--quiet");
        await using var gateway = await GatewayFor(sim);

        using var response = await gateway.Http.SendAsync(Chat(stream: true), HttpCompletionOption.ResponseHeadersRead);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        // After the error event the gateway aborts the connection, so a client that ignores the event still sees a failure.
        var events = new List<string>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.ThrowsAsync(Is.InstanceOf<IOException>().Or.InstanceOf<HttpRequestException>(), async () =>
        {
            while (await reader.ReadLineAsync() is { } line)
                if (line.Length > 0) events.Add(line);
        });
        Assert.That(events[0], Does.Contain("\"role\":\"assistant\""));
        Assert.That(events, Has.None.EqualTo("data: [DONE]"));
        var error = JsonNode.Parse(events[^1]["data: ".Length..])!["error"]!;
        Assert.That((string?)error["type"], Is.EqualTo("server_error"));
        Assert.That((string?)error["message"], Is.Not.Empty);
    }

    [Test]
    public async Task WorkerFailingBeforeTheFirstToken_IsAnHttpError_NotAStream()
    {
        await using var sim = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--preload", "*", "--fail-rate", "1", "--quiet");
        await using var gateway = await GatewayFor(sim);

        using var response = await gateway.Http.SendAsync(Chat(stream: true));
        Assert.That((int)response.StatusCode, Is.EqualTo(502));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
        var error = (await response.ReadJsonObjectAsync())["error"]!;
        Assert.That((string?)error["type"], Is.EqualTo("server_error"));
        Assert.That(error.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "message", "type", "param", "code" }));
    }

    [Test]
    public async Task AllWorkersBusy_Is503WithRetryAfter()
    {
        await using var sim = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--preload", "*", "--token-ms", "3000", "--parallel", "1", "--max-queue", "0", "--quiet");
        await using var gateway = await GatewayFor(sim);
        using var hog = new HttpClient();
        var holding = hog.PostAsync(sim.BaseUrl + "/api/generate", new StringContent("""{"model":"llama3.2:3b","prompt":"hold"}"""));
        await Task.Delay(300);

        using var response = await gateway.Http.SendAsync(Chat(stream: false));
        Assert.That((int)response.StatusCode, Is.EqualTo(503));
        Assert.That(response.Headers.RetryAfter, Is.Not.Null);
        Assert.That((string?)(await response.ReadJsonObjectAsync())["error"]!["code"], Is.EqualTo("server_busy"));
        hog.CancelPendingRequests();
        try { await holding; } catch (OperationCanceledException) { } catch (HttpRequestException) { }
    }

    [Test]
    public async Task OversizedBody_Is413_InOpenAIsShape()
    {
        await using var sim = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--quiet");
        await using var gateway = await GatewayFor(sim);
        var big = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + new string('x', 33 * 1024 * 1024) + "\"}]}";
        using var response = await gateway.Http.PostJsonAsync("/v1/chat/completions", big);
        Assert.That((int)response.StatusCode, Is.EqualTo(413));
        Assert.That((string?)(await response.ReadJsonObjectAsync())["error"]!["type"], Is.EqualTo("invalid_request_error"));
    }
}
