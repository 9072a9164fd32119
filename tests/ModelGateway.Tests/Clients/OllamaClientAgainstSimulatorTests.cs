using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Clients;

/// <summary>The official <c>ollama</c> npm client (tests/node/ollama-client.test.mjs) cannot tell the simulator from Ollama.</summary>
[TestFixture]
public sealed class OllamaClientAgainstSimulatorTests
{
    [Test]
    public async Task OfficialOllamaJsClient_PassesItsWholeSuite_AgainstTheSimulator()
    {
        await using var sim = await SimulatorProcess.StartAsync();

        var run = await NodeTestRun.RunAsync("ollama-client.test.mjs", new Dictionary<string, string?>
        {
            ["OLLAMA_HOST"] = sim.BaseUrl,
            ["OLLAMA_TEST_MANAGEMENT"] = "1",
        }, TimeSpan.FromSeconds(60));

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Output);
        Assert.That(run.Output, Does.Contain("# fail 0").Or.Contain("ℹ fail 0"), run.Output);
        Assert.That(run.Output, Does.Contain("skipped 0"), "every client scenario ran:\n" + run.Output);
    }
}
