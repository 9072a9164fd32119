using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ModelGateway.Authentication;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Authentication;

/// <summary>Keys are added and revoked by editing the configuration file while the gateway runs.</summary>
[NonParallelizable]
public class ApiKeyHotReloadTests
{
    [Test]
    public async Task AddingAndRevokingKeys_TakesEffectWithoutARestart_AndABadEditIsRefused()
    {
        var alice = ApiKeyCommand.Mint();
        var bob = ApiKeyCommand.Mint();
        await using var worker = await SimulatorProcess.StartAsync("--models", "llama3.2:3b");
        FleetConfig Config(params JsonObject[] keys) => new FleetConfig()
            .Cluster("gpu").Worker("gpu", "w1", worker.BaseUrl).Model("llama3.2:3b", "gpu")
            .Set("Authentication:Anonymous:Enabled", false)
            .Set("Authentication:ApiKeys", new JsonArray(keys));

        await using var gateway = await GatewayProcess.StartAsync(Config(KeyedConfig.Entry("alice", alice, ["*"])));
        await KeyedConfig.WaitForHealthyFleetAsync(gateway);
        Assert.That(await StatusAsync(gateway, alice), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await StatusAsync(gateway, bob), Is.EqualTo(HttpStatusCode.Unauthorized));

        await gateway.WriteConfigAsync(Config(KeyedConfig.Entry("alice", alice, ["*"]), KeyedConfig.Entry("bob", bob, ["*"])));
        await gateway.WaitUntilAsync(async () => await StatusAsync(gateway, bob) == HttpStatusCode.OK, TimeSpan.FromSeconds(10), "bob's key to be accepted");

        await gateway.WriteConfigAsync(Config(KeyedConfig.Entry("bob", bob, ["*"])));
        await gateway.WaitUntilAsync(async () => await StatusAsync(gateway, alice) == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(10), "alice's key to be revoked");

        // A broken entry refuses the whole edit, naming the entry; bob keeps working, alice stays revoked.
        var broken = Config(KeyedConfig.Entry("bob", bob, ["*"]), KeyedConfig.Entry("alice", alice, ["*"]));
        ((JsonObject)broken.Root["Authentication"]!["ApiKeys"]![1]!)["Hash"] = "sha256:not-hex";
        await gateway.WriteConfigAsync(broken);
        await gateway.WaitForLogAsync("Authentication:ApiKeys:1 ('alice'): Hash is not");
        Assert.That(await StatusAsync(gateway, bob), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await StatusAsync(gateway, alice), Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    static async Task<HttpStatusCode> StatusAsync(GatewayProcess gateway, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/generate")
        {
            Content = new StringContent("""{"model":"llama3.2:3b","prompt":"hi","stream":false}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await gateway.Http.SendAsync(request);
        return response.StatusCode;
    }
}
