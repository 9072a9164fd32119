using System.Net;
using ModelGateway.Tests.Fixtures;

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
}
