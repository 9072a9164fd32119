using ModelGateway.LoadBalancing;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace ModelGateway.Tests.LoadBalancing;

/// <summary>A worker a probe finds healthy again is capacity for the requests queued in its cluster.</summary>
public class WakingDestinationHealthUpdaterTests
{
    sealed class RecordingUpdater : IDestinationHealthUpdater
    {
        public int ActiveCalls;
        public void SetActive(ClusterState cluster, IEnumerable<NewActiveDestinationHealth> newHealthStates)
        {
            ActiveCalls++;
            foreach (var state in newHealthStates) state.Destination.Health.Active = state.NewActiveHealth;
        }

        public void SetPassive(ClusterState cluster, DestinationState destination, DestinationHealth newHealth, TimeSpan reactivationPeriod) { }
    }

    [Test]
    public async Task AWorkerComingBack_WakesTheClustersQueue_AStillHealthyOneDoesNot()
    {
        var load = new WorkerLoadTracker();
        var cluster = new ClusterState("gpu");
        var inner = new RecordingUpdater();
        var updater = new WakingDestinationHealthUpdater(inner, load);
        var worker = new DestinationState("a");
        worker.Health.Active = DestinationHealth.Healthy;
        var waiting = load.WaitForSlotAsync(cluster, TimeSpan.FromSeconds(30), maxQueue: 10, CancellationToken.None).AsTask();

        updater.SetActive(cluster, [new(worker, DestinationHealth.Healthy)]);
        await Task.Delay(100);
        Assert.That(waiting.IsCompleted, Is.False, "no change, no wake-up");

        worker.Health.Active = DestinationHealth.Unhealthy;
        updater.SetActive(cluster, [new(worker, DestinationHealth.Healthy)]);
        Assert.That(await waiting.WaitAsync(TimeSpan.FromSeconds(5)), Is.True);
        Assert.That(inner.ActiveCalls, Is.EqualTo(2), "YARP's own updater still does the work");
    }
}
