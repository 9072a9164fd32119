using System.Diagnostics;
using System.Text.Json.Nodes;
using ModelGateway.Tests.Fixtures;
using ModelGateway.Tests.WorkerConnections;

namespace ModelGateway.Tests.Forwarding;

[NonParallelizable]
public class StreamingPassthroughTests
{
    [Test]
    public async Task NdjsonStream_ReachesTheClientLineByLine_WhileTheWorkerIsStillGenerating()
    {
        await using var sim = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--preload", "*", "--token-ms", "100", "--reply-tokens", "15", "--quiet");
        await using var gateway = await GatewayProcess.StartAsync(
            new FleetConfig().Cluster("gpu").Worker("gpu", "w1", sim.BaseUrl).Model("llama3.2:3b", "gpu"));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat")
        {
            Content = new StringContent("""{"model":"llama3.2:3b","messages":[{"role":"user","content":"tell me a story"}]}"""),
        };
        var clock = Stopwatch.StartNew();
        using var response = await gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/x-ndjson"));
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var first = await reader.ReadLineAsync();
        var firstAt = clock.Elapsed;
        var lines = new List<string> { first! };
        while (await reader.ReadLineAsync() is { } line) lines.Add(line);
        var lastAt = clock.Elapsed;

        Assert.That((bool?)JsonNode.Parse(first!)!["done"], Is.False);
        Assert.That((bool?)JsonNode.Parse(lines[^1])!["done"], Is.True);
        Assert.That(lines, Has.Count.GreaterThanOrEqualTo(15));
        // 15 tokens 100 ms apart: a buffering proxy would deliver the first line together with the last.
        Assert.That(lastAt - firstAt, Is.GreaterThan(TimeSpan.FromMilliseconds(1000)),
            $"first line at {firstAt.TotalMilliseconds:0} ms, last at {lastAt.TotalMilliseconds:0} ms");
    }

    [Test]
    public async Task WorkerDroppingTheConnectionMidStream_EndsTheStreamWithAnErrorLine()
    {
        await using var sim = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--preload", "*", "--token-ms", "20", "--reply-tokens", "20", "--drop-rate", "1", "--quiet");
        await using var gateway = await GatewayProcess.StartAsync(
            new FleetConfig().Cluster("gpu").Worker("gpu", "w1", sim.BaseUrl).Model("llama3.2:3b", "gpu"));

        using var response = await gateway.Http.PostJsonAsync("/api/chat", """{"model":"llama3.2:3b","messages":[{"role":"user","content":"hi"}]}""");
        var lines = await response.ReadNdjsonAsync();
        Assert.That(lines[^1]["error"], Is.Not.Null, "the last line should carry the error");
        Assert.That(lines.Any(l => (bool?)l["done"] == true), Is.False, "a broken stream must not look finished");
    }

    [Test]
    public async Task WorkerBreakingAfterItsHeadersButBeforeAnyByte_Is502InOllamasShape()
    {
        // Answers the gateway's probes like an Ollama; a chat gets its response head, then a reset.
        await using var worker = ScriptedWorker.Start(async c =>
        {
            while (await c.ReadRequestAsync() is { } request)
            {
                if (request.RequestLine.StartsWith("POST /api/chat ", StringComparison.Ordinal))
                {
                    await c.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 400\r\n\r\n");
                    await Task.Delay(50);
                    c.Reset();
                    return;
                }
                var body = request.RequestLine.StartsWith("GET /api/version ", StringComparison.Ordinal) ? """{"version":"0.12.10"}"""
                    : request.RequestLine.StartsWith("GET /api/tags ", StringComparison.Ordinal)
                        ? """{"models":[{"name":"llama3.2:3b","model":"llama3.2:3b","modified_at":"2025-01-01T00:00:00Z","size":1,"digest":"ab","details":{}}]}"""
                        : """{"models":[]}""";
                await c.WriteAsync($"HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {body.Length}\r\n\r\n{body}");
            }
        });
        await using var gateway = await GatewayProcess.StartAsync(
            new FleetConfig().Cluster("gpu").Worker("gpu", "w1", worker.Url().ToString().TrimEnd('/')).Model("llama3.2:3b", "gpu"));

        using var response = await gateway.Http.PostJsonAsync("/api/chat", """{"model":"llama3.2:3b","messages":[{"role":"user","content":"hi"}],"stream":false}""");
        Assert.That((int)response.StatusCode, Is.EqualTo(502));
        Assert.That((string?)(await response.ReadJsonObjectAsync())["error"], Is.Not.Empty);
        Assert.That(response.Headers.RetryAfter, Is.Not.Null);
    }
}
