using System.Net;
using ModelGateway.Tests.Diagnostics;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Forwarding;

/// <summary>
/// A worker's 500 (or 404) is kept while the gateway tries another worker, to be returned if none does better. When
/// that search ends in an exception instead (the queue timed out, the client left) the kept answer must still let go
/// of the worker's slot: found by the soak (tests/Soak), where each such request took one slot of a Capacity-limited
/// worker for good until the worker got no traffic at all.
/// </summary>
[NonParallelizable]
public class FailedAnswerSlotTests
{
    const string Shared = "llama3.2:3b";
    const string OnlyOnBusy = "phi3:mini";

    [TestCase(false, TestName = "WorkerErrorThenQueueTimeout_ReleasesTheFailingWorkersSlot")]
    [TestCase(true, TestName = "WorkerErrorThenClientLeavesWhileQueued_ReleasesTheFailingWorkersSlot")]
    public async Task WorkerErrorThenNoOtherWorkerFree_ReleasesTheFailingWorkersSlot(bool clientLeaves)
    {
        // failing: answers every inference 500 at once. busy: the only one with phi3:mini, slow to answer.
        await using var failing = await SimulatorProcess.StartAsync("--models", Shared, "--preload", "*", "--fail-rate", "1");
        await using var busy = await SimulatorProcess.StartAsync("--models", $"{Shared},{OnlyOnBusy}", "--preload", "*", "--ttft-ms", "3000");
        var config = new FleetConfig()
            .Cluster("gpu").Worker("gpu", "failing", failing.BaseUrl, capacity: 1).Worker("gpu", "busy", busy.BaseUrl, capacity: 1)
            .Model(Shared, "gpu").Model(OnlyOnBusy, "gpu")
            .Set("Dispatch:QueueTimeout", "00:00:00.500").Set("Dispatch:MaxAttempts", 2);
        await using var gateway = await GatewayProcess.StartAsync(config, waitForModels: [Shared, OnlyOnBusy]);

        // Holds the busy worker's one slot for three seconds.
        var holder = gateway.Http.PostJsonAsync("/api/generate", $$"""{"model":"{{OnlyOnBusy}}","prompt":"hold","stream":false}""");
        await gateway.WaitUntilAsync(async () => await InFlightAsync(gateway, "busy") == 1, TimeSpan.FromSeconds(5), "the busy worker's slot taken");

        // The failing worker answers 500; the busy one has no slot until after the queue timeout (or the client leaves first).
        using var leave = new CancellationTokenSource(clientLeaves ? TimeSpan.FromMilliseconds(300) : Timeout.InfiniteTimeSpan);
        try
        {
            using var response = await gateway.Http.PostJsonAsync("/api/generate", $$"""{"model":"{{Shared}}","prompt":"hi","stream":false}""", leave.Token);
            Assert.That(clientLeaves, Is.False, "the client left, so it should have got no answer");
            Assert.That((int)response.StatusCode, Is.EqualTo(500).Or.EqualTo(503), await response.Content.ReadAsStringAsync());
        }
        catch (OperationCanceledException) when (clientLeaves) { }

        using (var held = await holder) Assert.That(held.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        // Nothing runs any more: every slot must be free again, the failing worker's too.
        await gateway.WaitUntilAsync(async () => await InFlightAsync(gateway, "busy") == 0, TimeSpan.FromSeconds(5), "the busy worker's slot back");
        Assert.That(await InFlightAsync(gateway, "failing"), Is.EqualTo(0), "the failing worker's slot was never given back");
    }

    static async Task<double> InFlightAsync(GatewayProcess gateway, string worker)
    {
        using var response = await gateway.Http.GetAsync("/metrics");
        return new MetricsScrape(await response.Content.ReadAsStringAsync()).Sum("modelgateway_worker_in_flight", ("worker", worker));
    }
}
