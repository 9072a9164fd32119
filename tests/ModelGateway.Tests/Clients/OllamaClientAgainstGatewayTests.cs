using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Clients;

/// <summary>
/// The official <c>ollama</c> npm client runs the same suite through the gateway, in front of a fleet of two
/// simulated workers, as it does against one simulator directly, with an admin key so that its pull, copy, list and
/// delete scenario runs too: a model pulled or copied is listed at once, as against Ollama itself.
/// </summary>
[NonParallelizable]
public sealed class OllamaClientAgainstGatewayTests
{
    [Test]
    public async Task OfficialOllamaJsClient_PassesItsSuite_ThroughTheGateway()
    {
        await using var a = await SimulatorProcess.StartAsync("--quiet");
        await using var b = await SimulatorProcess.StartAsync("--quiet");
        const string adminKey = "mg-admin-key-for-the-ollama-js-suite";
        await using var gateway = await GatewayProcess.StartAsync(new FleetConfig()
            .Cluster("local").Worker("local", "a", a.BaseUrl).Worker("local", "b", b.BaseUrl)
            // Only the start-up poll: what the suite pulls or copies is listed at once or not at all.
            .Set("Inventory:PollInterval", "01:00:00")
            .Set("Authentication:ApiKeys", new System.Text.Json.Nodes.JsonArray(KeyedConfig.Entry("suite", adminKey, ["*"], admin: true))),
            waitForModels: ["llama3.2:3b", "all-minilm:latest", "qwen3:8b"]);

        var run = await NodeTestRun.RunAsync("ollama-client.test.mjs", new Dictionary<string, string?>
        {
            ["OLLAMA_HOST"] = gateway.BaseUrl,
            ["OLLAMA_API_KEY"] = adminKey,
            ["OLLAMA_TEST_MANAGEMENT"] = "1",
        }, TimeSpan.FromSeconds(90));

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Output);
        Assert.That(Count(run.Output, "fail"), Is.EqualTo(0), run.Output);
        Assert.That(Count(run.Output, "skipped"), Is.EqualTo(0), run.Output);
        Assert.That(Count(run.Output, "pass"), Is.GreaterThanOrEqualTo(13), run.Output);
    }

    /// <summary>A total from node's test summary (<c>ℹ pass 13</c>).</summary>
    static int Count(string output, string what)
    {
        var match = System.Text.RegularExpressions.Regex.Match(output, $@"^[ℹ#] {what} (\d+)\s*$", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.That(match.Success, $"node printed no '{what}' total:\n{output}");
        return int.Parse(match.Groups[1].Value);
    }
}
