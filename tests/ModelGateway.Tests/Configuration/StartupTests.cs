using System.Net;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Configuration;

[NonParallelizable]
public class StartupTests
{
    [TestCase("""{"ReverseProxy":{"Clusters":{"gpu":{"Destinations":{"w":{"Address":"http://127.0.0.1:1"}}}}},"Models":[{"Name":"m","Cluster":"cpu"}]}""", "Models:0:Cluster names cluster 'cpu'")]
    [TestCase("""{"ReverseProxy":{"Clusters":{"gpu":{"Destinations":{"w":{"Address":"127.0.0.1:11434"}}}}}}""", "ReverseProxy:Clusters:gpu:Destinations:w:Address '127.0.0.1:11434'")]
    [TestCase("""{"ReverseProxy":{"Clusters":{"gpu":{"SessionAffinity":{"Enabled":true},"Destinations":{"w":{"Address":"http://127.0.0.1:1"}}}}}}""", "HashCookie")]
    [TestCase("""{"ReverseProxy": {""", "is not valid JSON")]
    [TestCase("""{"Dispatch":{"MaxAttempts":0},"ReverseProxy":{"Clusters":{"gpu":{"Destinations":{"w":{"Address":"http://127.0.0.1:1"}}}}}}""", "Dispatch:MaxAttempts")]
    public async Task InvalidConfiguration_StopsStartUp_NamingTheKey(string config, string expected)
    {
        var (exitCode, output) = await GatewayProcess.StartExpectingFailureAsync(config);
        Assert.That(exitCode, Is.Not.Zero);
        Assert.That(output, Does.Contain(expected));
    }

    [Test]
    public async Task EnvironmentVariables_OverrideTheFile()
    {
        await using var sim = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--quiet");
        // The file points at a dead address; the environment fixes it, as ops do per deployment.
        var config = new FleetConfig().Cluster("gpu").Worker("gpu", "w1", "http://127.0.0.1:9").Model("llama3.2:3b", "gpu");
        await using var gateway = await GatewayProcess.StartAsync(config,
            env: new Dictionary<string, string?> { ["ReverseProxy__Clusters__gpu__Destinations__w1__Address"] = sim.BaseUrl },
            waitForModels: ["llama3.2:3b"]);
        using var response = await gateway.Http.PostJsonAsync("/api/generate", """{"model":"llama3.2:3b","prompt":"x","stream":false}""");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task CommandLineArguments_OverrideTheFile()
    {
        await using var sim = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--quiet");
        var config = new FleetConfig().Cluster("gpu").Worker("gpu", "w1", "http://127.0.0.1:9").Model("llama3.2:3b", "gpu");
        await using var gateway = await GatewayProcess.StartAsync(config,
            extraArgs: [$"--ReverseProxy:Clusters:gpu:Destinations:w1:Address={sim.BaseUrl}"], waitForModels: ["llama3.2:3b"]);
        using var response = await gateway.Http.PostJsonAsync("/api/generate", """{"model":"llama3.2:3b","prompt":"x","stream":false}""");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
