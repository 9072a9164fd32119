using Microsoft.Extensions.DependencyInjection;
using ModelGateway.Configuration;
using ModelGateway.Hosting;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Configuration;

/// <summary>
/// A misspelt key in one of the gateway's own sections is ignored by the binder, so the edit seems to do nothing: the
/// gateway names such keys, with the setting meant when it is near enough. The shipped files have none.
/// </summary>
public class UnknownSettingFinderTests
{
    /// <summary>The finder over the options types the gateway itself registers, as the running gateway builds it.</summary>
    static UnknownSettingFinder GatewayFinder()
    {
        var config = new ConfigurationBuilder().Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddModelGateway(config);
        return UnknownSettingFinder.For(new FleetConfigurationCheck(null!, config, services));
    }

    static IReadOnlyList<UnknownSetting> Find(Dictionary<string, string?> settings)
        => GatewayFinder().Find(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

    [Test]
    public void TheTestsOwnFleetConfiguration_HasNoUnknownSettings()
    {
        var json = new FleetConfig().Cluster("gpu").Model("llama3.2:3b", "gpu").ToJson();
        var config = new ConfigurationBuilder().AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))).Build();
        Assert.That(GatewayFinder().Find(config), Is.Empty);
    }

    [Test]
    public void TheGatewaysOwnSections_AreChecked()
        => Assert.That(GatewayFinder().Sections, Is.SupersetOf(new[] { "Dispatch", "Gateway", "Authentication", "RateLimits", "Inventory", "Cors", "Models" }));

    [Test]
    public void MisspeltKeys_AreFound_WithTheSettingMeant()
    {
        var found = Find(new()
        {
            ["Dispatch:MaxAttempt"] = "5",
            ["Gateway:MaxRequestBodyByte"] = "1024",
            ["Authentication:Anonymous:Enabeld"] = "true",
            ["Dispatch:Wibble"] = "x",
            // Real settings are not reported, in a list's entries either.
            ["Authentication:ApiKeys:0:Name"] = "team",
            ["Authentication:ApiKeys:0:Models:0"] = "llama3.2",
            // A misspelt field of a key's entry would silently lift its budget or its expiry.
            ["Authentication:ApiKeys:1:Name"] = "team-b",
            ["Authentication:ApiKeys:1:RequestPerMinute"] = "5",
            ["Authentication:ApiKeys:1:ExpireAt"] = "2030-01-01",
            ["Dispatch:MaxAttempts"] = "3",
            ["Gateway:InlineIoCompletions"] = "true",
            // Models is an array of entries: a misspelt field there would silently drop a fallback or a kept load.
            ["Models:0:Name"] = "llama3.2:3b",
            ["Models:0:Cluster"] = "gpu",
            ["Models:0:Aliases:0"] = "llama3.2",
            ["Models:0:Fallbacks:0"] = "qwen2.5:7b",
            ["Models:0:KeepLoaded"] = "2",
            ["Models:0:KeepAlive"] = "30m",
            ["Models:1:Name"] = "qwen2.5:7b",
            ["Models:1:Cluster"] = "cpu",
            ["Models:1:Fallback:0"] = "llama3.2:3b",
            ["Models:1:KeepLoad"] = "1",
        });

        Assert.That(found, Is.EquivalentTo(new[]
        {
            new UnknownSetting("Dispatch:MaxAttempt", "MaxAttempts"),
            new UnknownSetting("Gateway:MaxRequestBodyByte", "MaxRequestBodyBytes"),
            new UnknownSetting("Authentication:Anonymous:Enabeld", "Enabled"),
            new UnknownSetting("Dispatch:Wibble", null),
            new UnknownSetting("Authentication:ApiKeys:1:RequestPerMinute", "RequestsPerMinute"),
            new UnknownSetting("Authentication:ApiKeys:1:ExpireAt", "ExpiresAt"),
            new UnknownSetting("Models:1:Fallback", "Fallbacks"),
            new UnknownSetting("Models:1:KeepLoad", "KeepLoaded"),
        }));
    }

    [Test]
    public void AVirtualModelsRules_AreChecked_DownToTheConditions()
    {
        var found = Find(new()
        {
            ["Models:0:Name"] = "auto",
            ["Models:0:Routes:0:When:HasImages"] = "true",
            ["Models:0:Routes:0:When:MaxPromptTokens"] = "2000",
            ["Models:0:Routes:0:Model"] = "llava:13b",
            ["Models:0:Routes:1:When:HasTool"] = "true",
            ["Models:0:Routes:1:Model"] = "qwen2.5:7b",
            ["Models:0:Routes:2:Modle"] = "llama3.1:70b",
        });

        Assert.That(found, Is.EquivalentTo(new[]
        {
            new UnknownSetting("Models:0:Routes:1:When:HasTool", "HasTools"),
            new UnknownSetting("Models:0:Routes:2:Modle", "Model"),
        }));
    }

    [TestCase("appsettings.json")]
    [TestCase("config/fleet.example.json")]
    [TestCase("config/ollama-local.json")]
    [TestCase("bench/profiles/keys-memory.json")]
    [TestCase("bench/profiles/keys-redis.json")]
    [TestCase("bench/profiles/cache-memory.json")]
    public void ShippedConfigurations_HaveNoUnknownSettings(string file)
    {
        var config = new ConfigurationBuilder().AddJsonFile(Path.Combine(RepoLayout.Root, file)).Build();
        Assert.That(GatewayFinder().Find(config), Is.Empty);
    }

    [Test]
    public async Task ARunningGateway_NamesAMisspeltKey_AtStartAndAfterAnEdit()
    {
        await using var worker = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--quiet");
        FleetConfig Fleet() => new FleetConfig().Cluster("gpu").Worker("gpu", "w1", worker.BaseUrl).Model("llama3.2:3b", "gpu");
        await using var gateway = await GatewayProcess.StartAsync(Fleet().Set("Dispatch:MaxAttempt", 5));
        await gateway.WaitUntilAsync(() => Task.FromResult(gateway.Process.Output.Contains(
            "Configuration key Dispatch:MaxAttempt is not a setting of the gateway and is ignored; did you mean MaxAttempts?")),
            TimeSpan.FromSeconds(5), "the start-up warning");

        await gateway.WriteConfigAsync(Fleet().Set("Inventory:PolInterval", "00:00:01"));
        await gateway.WaitUntilAsync(() => Task.FromResult(gateway.Process.Output.Contains(
            "Configuration key Inventory:PolInterval is not a setting of the gateway and is ignored; did you mean PollInterval?")),
            TimeSpan.FromSeconds(10), "the warning after the edit");
    }
}
