using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Hosting;

/// <summary>What clients see when an orchestrator stops a gateway (SIGTERM) in the middle of their requests.</summary>
public class GracefulShutdownTests
{
    [Test]
    public async Task Sigterm_LetsRepliesFinishWithinTheTimeout_EndsLongerStreamsWithARetryableError_AndExits()
    {
        // 200 ms a token: a 5-token reply ends within the 2 s drain, a 200-token stream does not.
        await using var worker = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--preload", "*", "--token-ms", "200",
            "--reply-tokens", "200", "--parallel", "4", "--quiet");
        await using var gateway = await GatewayProcess.StartAsync(new FleetConfig().Cluster("gpu").Worker("gpu", "w1", worker.BaseUrl)
            .Model("llama3.2:3b", "gpu").Set("Gateway:ShutdownTimeout", "00:00:02"), waitForModels: ["llama3.2:3b"]);

        var shortReply = gateway.Http.PostJsonAsync("/api/chat",
            """{"model":"llama3.2:3b","messages":[{"role":"user","content":"hi"}],"stream":false,"options":{"num_predict":5}}""");
        using var openAI = await OpenStreamAsync(gateway, "/v1/chat/completions", """{"model":"llama3.2:3b","messages":[{"role":"user","content":"hi"}],"stream":true}""");
        using var native = await OpenStreamAsync(gateway, "/api/chat", """{"model":"llama3.2:3b","messages":[{"role":"user","content":"hi"}]}""");
        gateway.Process.Signal("TERM");

        using (var finished = await shortReply)
        {
            Assert.That(finished.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a reply that ends within the drain is not cut");
            Assert.That((bool?)(await finished.ReadJsonObjectAsync())["done"], Is.True);
        }
        var events = await ReadLinesAsync(openAI);
        Assert.That(events, Has.Count.GreaterThan(2), "the stream ran until the drain's end");
        var error = JsonNode.Parse(events[^1]["data: ".Length..])!["error"]!;
        Assert.That((string?)error["message"], Does.Contain("shutting down"));
        var lines = await ReadLinesAsync(native);
        Assert.That((string?)JsonNode.Parse(lines[^1])!["error"], Does.Contain("shutting down"));

        Assert.That(await gateway.Process.WaitForExitAsync(TimeSpan.FromSeconds(20)), Is.EqualTo(0));
        await WaitUntilAsync(async () => (await worker.GetStatsAsync()).InFlight == 0, "the worker to see its requests cancelled");
        Assert.That(gateway.Process.Output, Does.Contain("Gateway:ShutdownTimeout"));
        Assert.That(gateway.Process.Output, Does.Not.Contain("broke the stream"), "a shutdown is not blamed on the worker");
    }

    static async Task<HttpResponseMessage> OpenStreamAsync(GatewayProcess gateway, string path, string body)
    {
        var response = await gateway.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        }, HttpCompletionOption.ResponseHeadersRead);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        return response;
    }

    /// <summary>The non-empty lines of a stream up to its end (or the connection's close).</summary>
    static async Task<List<string>> ReadLinesAsync(HttpResponseMessage response)
    {
        var lines = new List<string>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        try
        {
            while (await reader.ReadLineAsync() is { } line)
                if (line.Length > 0) lines.Add(line);
        }
        catch (IOException) { }
        catch (HttpRequestException) { }
        return lines;
    }

    static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for {what}");
            await Task.Delay(100);
        }
    }
}
