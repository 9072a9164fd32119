using ModelGateway.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace ModelGateway.Tests.LoadBalancing;

/// <summary>A worker found healthy again is capacity for the requests queued in its cluster.</summary>
public class QueueWakingHealthObserverTests
{
    [Test]
    public async Task AWorkerComingBack_WakesTheClustersQueue_AWorkerGoingDownDoesNot()
    {
        var load = new WorkerLoadTracker();
        var cluster = new ClusterState("gpu");
        var observer = new QueueWakingHealthObserver(load);
        var waiting = load.WaitForSlotAsync(cluster, TimeSpan.FromSeconds(30), maxQueue: 10, CancellationToken.None).AsTask();

        observer.HealthChanged(cluster, cameBack: false);
        await Task.Delay(100);
        Assert.That(waiting.IsCompleted, Is.False, "a worker going down frees nothing");

        observer.HealthChanged(cluster, cameBack: true);
        Assert.That(await waiting.WaitAsync(TimeSpan.FromSeconds(5)), Is.True);
    }
}
