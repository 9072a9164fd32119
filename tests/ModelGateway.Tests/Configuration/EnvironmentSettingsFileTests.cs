using System.Net;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Configuration;

/// <summary>appsettings.&lt;Environment&gt;.json in the content root overrides the fleet file, as the environment does.</summary>
[NonParallelizable]
public class EnvironmentSettingsFileTests
{
    [Test]
    public async Task AnEditOfTheEnvironmentFile_WhileRunning_IsNotApplied_SoABadValueCannotBreakRequests()
    {
        var root = Path.Combine(Path.GetTempPath(), "mg-envfile-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(root);
        var environmentFile = Path.Combine(root, "appsettings.Staging.json");
        await File.WriteAllTextAsync(environmentFile, """{"Dispatch":{"MaxAttempts":2}}""");
        try
        {
            await using var sim = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--preload", "*", "--quiet");
            var config = new FleetConfig().Cluster("gpu").Worker("gpu", "w1", sim.BaseUrl).Model("llama3.2:3b", "gpu");
            await using var gateway = await GatewayProcess.StartAsync(config,
                env: new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Staging" },
                extraArgs: ["--contentRoot", root], waitForModels: ["llama3.2:3b"]);
            Assert.That(await GenerateAsync(gateway), Is.EqualTo(HttpStatusCode.OK));

            // Values no start-up would accept; the fleet file's own edits are checked, this file's must not slip through.
            await File.WriteAllTextAsync(environmentFile, """{"Dispatch":{"MaxAttempts":0,"StreamIdleTimeout":"banana"}}""");
            await Task.Delay(TimeSpan.FromSeconds(2));

            Assert.That(await GenerateAsync(gateway), Is.EqualTo(HttpStatusCode.OK), gateway.Process.Output);
            Assert.That(gateway.Process.Output, Does.Not.Contain("unhandled exception"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public async Task ABadValueInTheEnvironmentFile_StopsStartUp_NamingTheKey()
    {
        var root = Path.Combine(Path.GetTempPath(), "mg-envfile-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(Path.Combine(root, "appsettings.Staging.json"), """{"Dispatch":{"MaxAttempts":0}}""");
        try
        {
            var config = new FleetConfig().Cluster("gpu").Worker("gpu", "w1", "http://127.0.0.1:9").Model("llama3.2:3b", "gpu");
            var (exitCode, output) = await GatewayProcess.StartExpectingFailureAsync(config.ToJson(),
                env: new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Staging" }, extraArgs: ["--contentRoot", root]);

            Assert.That(exitCode, Is.EqualTo(2), output);
            Assert.That(output, Does.Contain("configuration error: Dispatch:MaxAttempts must be between 1 and 20"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    static async Task<HttpStatusCode> GenerateAsync(GatewayProcess gateway)
    {
        using var response = await gateway.Http.PostJsonAsync("/api/generate", """{"model":"llama3.2:3b","prompt":"x","stream":false,"options":{"num_predict":1}}""");
        return response.StatusCode;
    }
}
