using System.Net;
using ModelGateway.Tests.Fixtures;
using static ModelGateway.Tests.Fallbacks.FallbackFleet;

namespace ModelGateway.Tests.Fallbacks;

/// <summary>Fallbacks are part of the fleet file: edits apply while running, bad ones are refused naming the key.</summary>
[NonParallelizable]
public class FallbackReloadTests
{
    const string ReloadedLine = "Configuration reloaded";

    [Test]
    public async Task AddingAndRemovingAFallback_TakesEffectWithoutARestart_ABadEditIsRefused()
    {
        await using var fleet = await FallbackFleet.StartAsync();
        await using var gateway = await GatewayProcess.StartAsync(fleet.Config(), waitForModels: [Requested, Fallback]);
        await fleet.TakePrimaryDownAsync();
        Assert.That(await StatusAsync(gateway), Is.EqualTo(502).Or.EqualTo(503), "no fallback configured yet");

        await EditAsync(gateway, fleet.Config(Fallback));
        Assert.That(await StatusAsync(gateway), Is.EqualTo(200));
        Assert.That(await ServedByAsync(gateway), Is.EqualTo(Fallback));

        // A model cannot fall back to itself (here under its alias): the edit is refused whole, the last good one stays.
        await gateway.WriteConfigAsync(fleet.Config(RequestedAlias));
        await gateway.WaitForLogAsync($"Models:0:Fallbacks:0 '{RequestedAlias}' is {Requested} itself (Models:0)");
        Assert.That(await ServedByAsync(gateway), Is.EqualTo(Fallback));

        await EditAsync(gateway, fleet.Config());
        Assert.That(await StatusAsync(gateway), Is.EqualTo(502).Or.EqualTo(503), "the fallback was removed");
    }

    [Test]
    public async Task BadFallbacksAtStartUp_StopTheGatewayNamingTheKey()
    {
        await using var fleet = await FallbackFleet.StartAsync();
        var config = fleet.Config("", Requested, "no such model!").Set("ModelRouting:DiscoverFromWorkers", false);
        ((System.Text.Json.Nodes.JsonArray)config.Root["Models"]!)[1]!["Fallbacks"] = new System.Text.Json.Nodes.JsonArray("gpt-unknown:1b");

        var (exitCode, output) = await GatewayProcess.StartExpectingFailureAsync(config.ToJson());

        Assert.That(exitCode, Is.EqualTo(2), output);
        Assert.That(output, Does.Contain("Models:0:Fallbacks:0 is empty"));
        Assert.That(output, Does.Contain($"Models:0:Fallbacks:1 '{Requested}' is {Requested} itself"));
        Assert.That(output, Does.Contain("Models:0:Fallbacks:2 'no such model!' is not a valid model name"));
        Assert.That(output, Does.Contain("Models:1:Fallbacks:0 'gpt-unknown:1b' is no name or alias in Models"));
    }

    static async Task EditAsync(GatewayProcess gateway, FleetConfig config)
    {
        var before = Count(gateway.Process.Output);
        await gateway.WriteConfigAsync(config);
        await gateway.WaitUntilAsync(() => Task.FromResult(Count(gateway.Process.Output) > before), TimeSpan.FromSeconds(15), "the edit to be applied");
    }

    static int Count(string output) => output.Split('\n').Count(l => l.Contains(ReloadedLine));

    static async Task<int> StatusAsync(GatewayProcess gateway)
    {
        using var response = await gateway.Http.PostJsonAsync("/v1/chat/completions", $$"""{"model":"{{Requested}}","messages":[{"role":"user","content":"hi"}]}""");
        return (int)response.StatusCode;
    }

    static async Task<string?> ServedByAsync(GatewayProcess gateway)
    {
        using var response = await gateway.Http.PostJsonAsync("/api/generate", $$"""{"model":"{{Requested}}","prompt":"hi","stream":false}""");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return response.Headers.TryGetValues("X-ModelGateway-Model", out var values) ? values.Single() : null;
    }
}
