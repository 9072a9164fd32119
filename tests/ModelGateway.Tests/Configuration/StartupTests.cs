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

    [TestCase("Dispatch:MaxAttempts", "0", "Dispatch:MaxAttempts must be between 1 and 20")]
    [TestCase("Inventory:PollInterval", "\"banana\"", "Inventory:PollInterval 'banana' is not a time span (hh:mm:ss)")]
    [TestCase("Logging:LogLevel:Default", "\"Loud\"", "Logging:LogLevel:Default 'Loud' is not a log level")]
    [TestCase("Logging:Console:MaxQueueLength", "-1", "Logging:Console:MaxQueueLength '-1' must be a whole number of lines, 1 or more")]
    [TestCase("Logging:Console:FormatterName", "\"jsn\"", "Logging:Console:FormatterName 'jsn' is not a console formatter")]
    [TestCase("Logging:Console:FormatterOptions:UseUtcTimestamp", "\"maybe\"", "Logging:Console:FormatterOptions:UseUtcTimestamp 'maybe' is not true or false")]
    [TestCase("ResponseCache:Ttl", "\"xx\"", "ResponseCache:Ttl 'xx' is not a time span (hh:mm:ss)")]
    [TestCase("Responses:StoreFor", "\"xx\"", "Responses:StoreFor 'xx' is not a time span (hh:mm:ss)")]
    [TestCase("Responses:StoreFor", "\"00:00:00\"", "Responses:StoreFor must be between 1 second and 30 days")]
    [TestCase("ReverseProxy:Clusters:gpu:HealthCheck:AvailableDestinationsPolicy", "\"Bogus\"", "ReverseProxy:Clusters:gpu: No matching IAvailableDestinationsPolicy")]
    [TestCase("Gateway:InlineIoCompletions", "\"maybe\"", "Gateway:InlineIoCompletions 'maybe' is not true or false")]
    [TestCase("Cors:AllowedOrigins", "[\"/chat\"]", "Cors:AllowedOrigins:0 must be '*' or an origin")]
    [TestCase("Cors:PreflightMaxAge", "\"-00:00:01\"", "Cors:PreflightMaxAge must be between")]
    public async Task InvalidValue_StopsStartUp_WithOneClearLine_ExitCode2_AndNoStackTrace(string key, string json, string expected)
    {
        var config = new FleetConfig().Cluster("gpu").Worker("gpu", "w", "http://127.0.0.1:9").Model("llama3.2:3b", "gpu")
            .Set(key, System.Text.Json.Nodes.JsonNode.Parse(json));
        var (exitCode, output) = await GatewayProcess.StartExpectingFailureAsync(config.ToJson());

        Assert.That(exitCode, Is.EqualTo(2), output);
        Assert.That(output, Does.Contain("configuration error: " + expected));
        Assert.That(output, Does.Contain("ModelGateway did not start"));
        Assert.That(output, Does.Not.Contain("Unhandled exception"));
        Assert.That(output, Does.Not.Match(@"(?m)^\s+at \S+\("), "no stack trace");
    }

    [Test]
    public async Task SeveralProblems_EachGetTheirOwnLine()
    {
        var config = new FleetConfig().Cluster("gpu").Worker("gpu", "w", "http://127.0.0.1:9").Model("llama3.2:3b", "gpu")
            .Set("Dispatch:MaxAttempts", 0).Set("Inventory:PollInterval", "banana").Set("Gateway:MaxRequestBodyBytes", -5);
        var (exitCode, output) = await GatewayProcess.StartExpectingFailureAsync(config.ToJson());

        Assert.That(exitCode, Is.EqualTo(2), output);
        var lines = output.Split('\n').Where(l => l.StartsWith("configuration error: ", StringComparison.Ordinal)).ToList();
        Assert.That(lines, Has.Count.EqualTo(3), output);
        Assert.That(lines, Has.One.Contains("Dispatch:MaxAttempts"));
        Assert.That(lines, Has.One.Contains("Inventory:PollInterval"));
        Assert.That(lines, Has.One.Contains("Gateway:MaxRequestBodyBytes"));
    }

    [Test]
    public async Task AnOverrideFromTheEnvironment_IsCheckedToo()
    {
        var config = new FleetConfig().Cluster("gpu").Worker("gpu", "w", "http://127.0.0.1:9").Model("llama3.2:3b", "gpu");
        var (exitCode, output) = await GatewayProcess.StartExpectingFailureAsync(config.ToJson(),
            env: new Dictionary<string, string?> { ["Logging__LogLevel__Yarp"] = "Chatty" });

        Assert.That(exitCode, Is.EqualTo(2), output);
        Assert.That(output, Does.Contain("configuration error: Logging:LogLevel:Yarp 'Chatty' is not a log level"));
        Assert.That(output, Does.Not.Contain("Unhandled exception"));
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
    public async Task AFleetFileTheGatewayMayNotRead_StopsStartUp_WithOneClearLine_ExitCode2()
    {
        // A file mounted with mode 0600 for another user is the container case; root reads any such file, so as root
        // the test uses a file no one may read (a write-only sysctl).
        var dir = Path.Combine(Path.GetTempPath(), "mg-unreadable-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "gateway.json");
        if (Environment.UserName == "root") path = "/proc/sys/vm/drop_caches";
        else
        {
            await File.WriteAllTextAsync(path, new FleetConfig().Cluster("gpu").Worker("gpu", "w", "http://127.0.0.1:9").ToJson());
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.None);
        }
        try
        {
            await using var process = TestProcess.StartDotnet("gateway:unreadable", RepoLayout.GatewayDll,
                ["--config", path, "--urls", $"http://127.0.0.1:{FreePort.Next()}"], new Dictionary<string, string?> { ["MODELGATEWAY_CONFIG"] = null });
            var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(30));
            await Task.Delay(100);

            Assert.That(exitCode, Is.EqualTo(2), process.Output);
            Assert.That(process.Output, Does.Contain($"configuration error: {path} cannot be read by user '{Environment.UserName}'"));
            Assert.That(process.Output, Does.Not.Contain("Unhandled exception"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
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
