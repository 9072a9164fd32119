using System.Text.Json.Nodes;
using ModelGateway.Configuration;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Preloading;

/// <summary>Models:&lt;i&gt;:KeepLoaded and KeepAlive are checked like the rest of the fleet file, naming the key.</summary>
public class KeepLoadedConfigTests
{
    static Dictionary<string, string?> Fleet(string? keepLoaded, string? keepAlive, string? protocol = null)
    {
        var data = new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:gpu:Destinations:w1:Address"] = "http://10.0.0.1:11434",
            ["Models:0:Name"] = "llama3.2:3b",
            ["Models:0:Cluster"] = "gpu",
            ["Models:0:KeepLoaded"] = keepLoaded,
            ["Models:0:KeepAlive"] = keepAlive,
        };
        if (protocol is not null) data["ReverseProxy:Clusters:gpu:Metadata:Protocol"] = protocol;
        return data;
    }

    [TestCase("1", null)]
    [TestCase("2", "30m")]
    [TestCase("100", "-1")]
    [TestCase("0", "90")]
    [TestCase(null, null)]
    public void ValidSettings_HaveNoErrors(string? keepLoaded, string? keepAlive)
        => Assert.That(FleetConfigValidator.Validate(Fleet(keepLoaded, keepAlive)), Is.Empty);

    [TestCase("-1", null, "Models:0:KeepLoaded '-1' must be a whole number of workers: 0 (off) or more")]
    [TestCase("two", null, "Models:0:KeepLoaded 'two' must be a whole number of workers")]
    [TestCase("1.5", null, "Models:0:KeepLoaded '1.5' must be a whole number of workers")]
    [TestCase("1", "banana", "Models:0:KeepAlive 'banana' is not a duration; use a Go duration such as 30m")]
    [TestCase("1", "0", "Models:0:KeepAlive '0' is shorter than 1 second (0 would unload the model right after each load)")]
    [TestCase("1", "10ms", "Models:0:KeepAlive '10ms' is shorter than 1 second")]
    [TestCase("1", "NaN", "Models:0:KeepAlive 'NaN' is not a duration")]
    public void EachMistake_IsReportedWithItsKey(string keepLoaded, string? keepAlive, string expected)
        => Assert.That(FleetConfigValidator.Validate(Fleet(keepLoaded, keepAlive)), Has.Some.StartsWith(expected));

    [Test]
    public void KeepLoaded_OnAClusterOfOpenAIWorkers_IsRefused()
    {
        Assert.That(FleetConfigValidator.Validate(Fleet("1", null, protocol: "openai")),
            Has.Some.StartsWith("Models:0:KeepLoaded needs a cluster of Ollama workers; cluster 'gpu' has Metadata:Protocol 'openai'"));
        Assert.That(FleetConfigValidator.Validate(Fleet("0", null, protocol: "openai")), Is.Empty, "not kept: nothing to load");
    }

    [Test]
    public async Task ABadValue_StopsTheGatewayAtStartUp_NamingTheKey()
    {
        var config = new FleetConfig().Cluster("gpu").Worker("gpu", "w", "http://127.0.0.1:9").Model("llama3.2:3b", "gpu");
        ((JsonObject)config.Root["Models"]![0]!)["KeepLoaded"] = -1;

        var (exitCode, output) = await GatewayProcess.StartExpectingFailureAsync(config.ToJson());

        Assert.That(exitCode, Is.EqualTo(2), output);
        Assert.That(output, Does.Contain("configuration error: Models:0:KeepLoaded '-1' must be a whole number of workers"));
    }

    [Test]
    public async Task ABadEdit_IsRejectedWhileRunning_NamingTheKey()
    {
        var config = new FleetConfig().Cluster("gpu").Worker("gpu", "w", "http://127.0.0.1:9").Model("llama3.2:3b", "gpu");
        await using var gateway = await GatewayProcess.StartAsync(config);

        ((JsonObject)config.Root["Models"]![0]!)["KeepLoaded"] = 1;
        ((JsonObject)config.Root["Models"]![0]!)["KeepAlive"] = "banana";
        await gateway.WriteConfigAsync(config);

        await gateway.WaitForLogAsync("Models:0:KeepAlive 'banana' is not a duration");
        Assert.That(gateway.Process.Output, Does.Contain("rejected"));
        Assert.That(gateway.Process.Output, Does.Not.Contain("Keeping llama3.2:3b loaded"), "the rejected edit is not applied");
    }
}
