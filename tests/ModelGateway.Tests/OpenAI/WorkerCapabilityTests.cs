using System.Net;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.OpenAI;

/// <summary>What the workers cannot do is refused up front with the field named, not answered wrongly.</summary>
[NonParallelizable]
public class WorkerCapabilityTests
{
    [Test]
    public async Task Logprobs_OnWorkersTooOldToReturnThem_Are400NamingTheParam()
    {
        await using var sim = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--preload", "*", "--version", "0.12.5", "--quiet");
        await using var gateway = await GatewayProcess.StartAsync(new FleetConfig().Cluster("gpu").Worker("gpu", "w1", sim.BaseUrl).Model("llama3.2:3b", "gpu"),
            waitForModels: ["llama3.2:3b"]);
        // The gateway learns each worker's version from its inventory poll.
        await gateway.WaitUntilAsync(async () => (string?)(await gateway.Http.GetJsonObjectAsync("/api/version"))["version"] == "0.12.5",
            TimeSpan.FromSeconds(10), "the worker's version in the inventory");

        foreach (var (path, body) in new[]
        {
            ("/v1/chat/completions", """{"model":"llama3.2:3b","messages":[{"role":"user","content":"hi"}],"logprobs":true}"""),
            ("/v1/completions", """{"model":"llama3.2:3b","prompt":"hi","logprobs":2}"""),
        })
        {
            using var refused = await gateway.Http.PostJsonAsync(path, body);
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), path);
            var error = (await refused.ReadJsonObjectAsync())["error"]!;
            Assert.That((string?)error["param"], Is.EqualTo("logprobs"), path);
            Assert.That((string?)error["message"], Does.Contain("0.12.5").And.Contain("0.12.11"), path);
        }

        using var plain = await gateway.Http.PostJsonAsync("/v1/chat/completions", """{"model":"llama3.2:3b","messages":[{"role":"user","content":"hi"}]}""");
        Assert.That(plain.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task CapabilityTheModelLacks_IsReportedUnderTheNameTheClientSent()
    {
        await using var sim = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--preload", "*", "--quiet");
        await using var gateway = await GatewayProcess.StartAsync(new FleetConfig().Cluster("gpu").Worker("gpu", "w1", sim.BaseUrl).Model("llama3.2:3b", "gpu", "gpt-4o-mini"),
            waitForModels: ["llama3.2:3b"]);

        foreach (var (path, body, param) in new[]
        {
            ("/v1/completions", """{"model":"gpt-4o-mini","prompt":"def f(","suffix":"return 1"}""", "suffix"),
            ("/v1/embeddings", """{"model":"gpt-4o-mini","input":"hi"}""", "model"),
            ("/v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"reasoning_effort":"high"}""", "reasoning_effort"),
        })
        {
            using var refused = await gateway.Http.PostJsonAsync(path, body);
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), path);
            var error = (await refused.ReadJsonObjectAsync())["error"]!;
            Assert.That((string?)error["message"], Does.Contain("`gpt-4o-mini`").And.Not.Contain("llama3.2"), path);
            Assert.That((string?)error["param"], Is.EqualTo(param), path);
        }
    }
}
