using System.Net;
using ModelGateway.Tests.Fixtures;
using ModelGateway.Tests.WorkerConnections;

namespace ModelGateway.Tests.OpenAI;

/// <summary>A cluster declared <c>Protocol: openai</c> gets /v1 requests untranslated, behind the same routing.</summary>
[NonParallelizable]
public class OpenAIProtocolClusterTests
{
    [Test]
    public async Task OpenAISpeakingWorkers_GetTheRequestUntranslated_WithTheAliasResolved()
    {
        // The simulator's /v1 layer stands in for vLLM / llama.cpp server / Ollama's own /v1.
        await using var sim = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--preload", "*", "--quiet");
        await using var gateway = await GatewayProcess.StartAsync(new FleetConfig()
            .Cluster("vllm", configure: c => c["Metadata"]!["Protocol"] = "openai")
            .Worker("vllm", "v1", sim.BaseUrl)
            .Model("llama3.2:3b", "vllm", "house-model")
            .Set("ModelRouting:DiscoverFromWorkers", false));

        using var response = await gateway.Http.PostJsonAsync("/v1/chat/completions",
            """{"model":"house-model","messages":[{"role":"user","content":"hi"}]}""");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(response.Worker(), Is.EqualTo("v1"));
        var body = await response.ReadJsonObjectAsync();
        Assert.That((string?)body["object"], Is.EqualTo("chat.completion"));
        // The worker's own answer, untouched: its short id (the translator mints 24 random characters) and the
        // worker-side model name the gateway resolved the alias to.
        Assert.That((string?)body["id"], Does.Match(@"^chatcmpl-\d{1,3}$"));
        Assert.That((string?)body["model"], Is.EqualTo("llama3.2:3b"));

        using var stream = await gateway.Http.PostJsonAsync("/v1/chat/completions",
            """{"model":"house-model","messages":[{"role":"user","content":"hi"}],"stream":true}""");
        var text = await stream.Content.ReadAsStringAsync();
        Assert.That(stream.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/event-stream"));
        Assert.That(text.TrimEnd(), Does.EndWith("data: [DONE]"));
    }

    [Test]
    public async Task OpenAISpeakingWorker_BreakingAfterItsHeadersButBeforeAnyByte_Is502InOpenAIsShape()
    {
        // A chat gets its response head, then a reset; everything else is answered as an idle OpenAI server would.
        await using var worker = ScriptedWorker.Start(async c =>
        {
            while (await c.ReadRequestAsync() is { } request)
            {
                if (request.RequestLine.StartsWith("POST /v1/chat/completions ", StringComparison.Ordinal))
                {
                    await c.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n");
                    await Task.Delay(50);
                    c.Reset();
                    return;
                }
                const string body = """{"object":"list","data":[{"id":"llama3.2:3b","object":"model","created":0,"owned_by":"x"}]}""";
                await c.WriteAsync($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}");
            }
        });
        await using var gateway = await GatewayProcess.StartAsync(new FleetConfig()
            .Cluster("vllm", configure: c => c["Metadata"]!["Protocol"] = "openai")
            .Worker("vllm", "v1", worker.Url().ToString().TrimEnd('/'))
            .Model("llama3.2:3b", "vllm")
            .Set("ModelRouting:DiscoverFromWorkers", false));

        using var response = await gateway.Http.PostJsonAsync("/v1/chat/completions",
            """{"model":"llama3.2:3b","messages":[{"role":"user","content":"hi"}]}""");
        Assert.That((int)response.StatusCode, Is.EqualTo(502), await response.Content.ReadAsStringAsync());
        var error = (await response.ReadJsonObjectAsync())["error"]!;
        Assert.That((string?)error["type"], Is.EqualTo("server_error"));
        Assert.That((string?)error["message"], Does.Contain("interrupted"));
        Assert.That(response.Headers.RetryAfter, Is.Not.Null);
    }
}
