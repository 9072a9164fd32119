using System.Net;
using System.Text.Json.Nodes;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Authentication;

/// <summary>A gateway that will refuse every request (no key, anonymous access off) says so when it starts.</summary>
[NonParallelizable]
public class NoCallerAdmittedWarningTests
{
    const string Warning = "No API key is configured (Authentication:ApiKeys) and anonymous access is off";

    static FleetConfig Config(bool anonymous, bool withKey)
    {
        var config = new FleetConfig().Cluster("gpu").Worker("gpu", "w", "http://127.0.0.1:9").Model("llama3.2:3b", "gpu")
            .Set("Authentication:Anonymous", new JsonObject { ["Enabled"] = anonymous });
        return withKey ? config.Set("Authentication:ApiKeys", new JsonArray(KeyedConfig.Entry("team", "mg-no-caller-warning-test-key", ["*"]))) : config;
    }

    [Test]
    public async Task NoKeysAndAnonymousOff_WarnsOnce_NamingBothRemedies()
    {
        await using var gateway = await GatewayProcess.StartAsync(Config(anonymous: false, withKey: false));
        await gateway.WaitForLogAsync("Application started");

        var output = gateway.Process.Output;
        var lines = output.Split('\n').Where(l => l.Contains(Warning, StringComparison.Ordinal)).ToList();
        Assert.That(lines, Has.Count.EqualTo(1), output);
        Assert.That(lines[0], Does.StartWith("warn:"));
        Assert.That(lines[0], Does.Contain("keys new").And.Contain("Authentication:Anonymous"));

        // What the warning announces.
        using var response = await gateway.Http.GetAsync("/api/tags");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [TestCase(true, false)]
    [TestCase(false, true)]
    public async Task AGatewayThatAdmitsSomeone_DoesNotWarn(bool anonymous, bool withKey)
    {
        await using var gateway = await GatewayProcess.StartAsync(Config(anonymous, withKey));
        await gateway.WaitForLogAsync("Application started");
        Assert.That(gateway.Process.Output, Does.Not.Contain(Warning));
    }
}
