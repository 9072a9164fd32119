using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Forwarding;

[NonParallelizable]
public class WorkerTimeoutTests
{
    [Test]
    public async Task WorkersNotAnsweringInTime_Are504WithRetryAfter_OnBothSurfaces()
    {
        await using var sim = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--preload", "*", "--hang-rate", "1", "--quiet");
        await using var gateway = await GatewayProcess.StartAsync(new FleetConfig().Cluster("gpu").Worker("gpu", "w1", sim.BaseUrl).Model("llama3.2:3b", "gpu")
                .Set("Dispatch:ResponseHeadersTimeout", "00:00:00.500").Set("Dispatch:MaxAttempts", 1).Set("Dispatch:RetryAfterSeconds", 4),
            waitForModels: ["llama3.2:3b"]);

        foreach (var (path, body) in new[]
        {
            ("/v1/chat/completions", """{"model":"llama3.2:3b","messages":[{"role":"user","content":"hi"}]}"""),
            ("/api/chat", """{"model":"llama3.2:3b","messages":[{"role":"user","content":"hi"}],"stream":false}"""),
        })
        {
            using var response = await gateway.Http.PostJsonAsync(path, body);
            Assert.That((int)response.StatusCode, Is.EqualTo(504), path);
            Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(4)), path);
            Assert.That((await response.ReadJsonObjectAsync())["error"], Is.Not.Null, path);
        }
    }
}
