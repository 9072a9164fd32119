using System.Net;
using ModelGateway.Tests.Fixtures;
using static ModelGateway.Tests.Fallbacks.FallbackFleet;

namespace ModelGateway.Tests.Fallbacks;

/// <summary>A gateway that is shutting down starts no fallback; the client is told to send the request again.</summary>
public class FallbackShutdownTests
{
    [Test]
    public async Task RequestedModelFailsWhileTheGatewayShutsDown_ClientGetsTheRetryableShutdownError_NoFallbackIsAsked()
    {
        await using var fleet = await FallbackFleet.StartAsync();
        await using var gateway = await GatewayProcess.StartAsync(fleet.Config(Fallback).Set("Dispatch:ResponseHeadersTimeout", "00:00:02"),
            waitForModels: [Requested, Fallback]);
        await fleet.Primary.SetFaultsAsync(hangRate: 1);

        var pending = gateway.Http.PostJsonAsync("/api/chat", $$"""{"model":"{{Requested}}","messages":[{"role":"user","content":"hi"}],"stream":false}""");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while ((await fleet.Primary.GetStatsAsync()).InferenceRequests == 0)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("the request never reached the requested model's worker");
            await Task.Delay(50);
        }
        gateway.Process.Signal("TERM");

        // The worker sends no headers within the 2 s; by then the gateway is draining, so no other model is started.
        using var response = await pending;
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), body);
        Assert.That(body, Does.Contain("shutting down; send the request again"));
        Assert.That(response.Headers.RetryAfter, Is.Not.Null);
        Assert.That((await fleet.Backup.GetStatsAsync()).InferenceRequests, Is.Zero);
        Assert.That(await gateway.Process.WaitForExitAsync(TimeSpan.FromSeconds(20)), Is.EqualTo(0));
        Assert.That(gateway.Process.Output, Does.Contain("no fallback is tried because the gateway is shutting down"));
        Assert.That(gateway.Process.Output, Does.Not.Contain("none of its fallbacks could"));
    }
}
