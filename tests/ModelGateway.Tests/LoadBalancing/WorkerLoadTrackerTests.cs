using ModelGateway.LoadBalancing;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;

namespace ModelGateway.Tests.LoadBalancing;

/// <summary>A worker's Capacity is a limit: concurrent requests that all saw its last slot free cannot all take it.</summary>
public class WorkerLoadTrackerTests
{
    static DestinationState Worker(int? capacity)
    {
        var metadata = new Dictionary<string, string>();
        if (capacity is { } c) metadata["Capacity"] = c.ToString();
        return new DestinationState("a", new DestinationModel(new DestinationConfig { Address = "http://127.0.0.1:1", Metadata = metadata }));
    }

    [Test]
    public async Task ConcurrentRequests_TakeNoMoreSlotsThanTheCapacity()
    {
        var load = new WorkerLoadTracker();
        var cluster = new ClusterState("gpu");
        var worker = Worker(capacity: 2);
        for (var round = 0; round < 200; round++)
        {
            using var start = new ManualResetEventSlim();
            var takers = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            {
                start.Wait();
                return load.TryAcquire(cluster, worker);
            })).ToArray();
            start.Set();
            var leases = await Task.WhenAll(takers);

            Assert.That(leases.Count(l => l is not null), Is.EqualTo(2), $"round {round}");
            Assert.That(load.InFlight(worker), Is.EqualTo(2));
            foreach (var lease in leases) lease?.Dispose();
            Assert.That(load.InFlight(worker), Is.Zero);
        }
    }

    [Test]
    public void AReleasedSlot_CanBeTakenAgain_AndAWorkerWithoutCapacity_IsNeverRefused()
    {
        var load = new WorkerLoadTracker();
        var cluster = new ClusterState("gpu");
        var limited = Worker(capacity: 1);
        var first = load.TryAcquire(cluster, limited);
        Assert.That(first, Is.Not.Null);
        Assert.That(load.TryAcquire(cluster, limited), Is.Null, "its one slot is taken");
        first!.Dispose();
        using var again = load.TryAcquire(cluster, limited);
        Assert.That(again, Is.Not.Null);

        var unlimited = Worker(capacity: null);
        var leases = Enumerable.Range(0, 5).Select(_ => load.TryAcquire(cluster, unlimited)).ToList();
        Assert.That(leases, Has.None.Null);
        Assert.That(load.InFlight(unlimited), Is.EqualTo(5));
        leases.ForEach(l => l!.Dispose());
    }
}
