using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;
using ModelGateway.Inventory;
using ModelGateway.LoadBalancing;
using ModelGateway.Routing;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;

namespace ModelGateway.Tests.LoadBalancing;

public class WeightedLeastLoadedPolicyTests
{
    readonly WorkerInventoryStore _inventory = new();
    readonly WorkerLoadTracker _load = new();
    readonly ClusterState _cluster = new("gpu");

    WeightedLeastLoadedPolicy Policy => new(_inventory, _load);

    static DestinationState Worker(string id, double weight = 1, int? capacity = null)
    {
        var metadata = new Dictionary<string, string> { ["Weight"] = weight.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (capacity is { } c) metadata["Capacity"] = c.ToString();
        return new DestinationState(id, new DestinationModel(new DestinationConfig { Address = "http://127.0.0.1:1", Metadata = metadata }));
    }

    void Inventory(string id, string[] installed, string[] loaded)
        => _inventory.Set(new WorkerInventory("gpu", id, installed.ToFrozenDictionary(m => m, m => m), loaded.ToFrozenSet(), "0.12.10", DateTimeOffset.UtcNow));

    static HttpContext ContextFor(string model)
    {
        var context = new DefaultHttpContext();
        context.Features.Set<IModelRequestFeature>(new ModelRequestFeature(new ModelRoute(model, model, "gpu", true)));
        return context;
    }

    Dictionary<string, int> Count(IReadOnlyList<DestinationState> workers, string? model, int picks)
    {
        var counts = workers.ToDictionary(w => w.DestinationId, _ => 0);
        for (var i = 0; i < picks; i++)
        {
            var context = model is null ? new DefaultHttpContext() : ContextFor(model);
            counts[Policy.PickDestination(context, _cluster, workers)!.DestinationId]++;
        }
        return counts;
    }

    [Test]
    public void Weights3To1_SplitIdleTraffic75To25()
    {
        var workers = new[] { Worker("a", weight: 3), Worker("b", weight: 1) };
        var counts = Count(workers, model: null, picks: 4000);
        Assert.That(counts["a"] / 4000.0, Is.EqualTo(0.75).Within(0.03));
    }

    [Test]
    public void WorkerWithModelLoaded_WinsOverOneThatWouldHaveToLoadIt()
    {
        var workers = new[] { Worker("a", weight: 10), Worker("b") };
        Inventory("a", ["m:latest"], []);
        Inventory("b", ["m:latest"], ["m:latest"]);
        Assert.That(Count(workers, "m:latest", 200)["b"], Is.EqualTo(200));
    }

    [Test]
    public void WithoutCapacities_ABusyWorkerWithTheModelLoaded_DoesNotTakeEverythingWhileAnotherIsIdle()
    {
        var a = Worker("a");
        var b = Worker("b");
        Inventory("a", ["m:latest"], ["m:latest"]);
        Inventory("b", ["m:latest"], []);
        using var busyA = _load.TryAcquire(_cluster, a)!;
        Assert.That(Count([a, b], "m:latest", 50)["b"], Is.EqualTo(50), "the idle worker takes the second request");

        // Both busy: neither has a free slot, so the fewest in flight wins, ties split by weight.
        using var busyB = _load.TryAcquire(_cluster, b)!;
        using var busyA2 = _load.TryAcquire(_cluster, a)!;
        Assert.That(Count([a, b], "m:latest", 50)["b"], Is.EqualTo(50));
        using var busyB2 = _load.TryAcquire(_cluster, b)!;
        Assert.That(Count([a, b], "m:latest", 2000)["a"] / 2000.0, Is.EqualTo(0.5).Within(0.05));
    }

    [Test]
    public async Task QueuedRequests_AreWokenWhenCapacityGrows_NotOnlyWhenASlotFrees()
    {
        var a = Worker("a", capacity: 1);
        using var lease = _load.TryAcquire(_cluster, a)!;
        var first = _load.WaitForSlotAsync(_cluster, TimeSpan.FromSeconds(30), maxQueue: 10, CancellationToken.None).AsTask();
        var second = _load.WaitForSlotAsync(_cluster, TimeSpan.FromSeconds(30), maxQueue: 10, CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.That(first.IsCompleted || second.IsCompleted, Is.False);

        _load.WakeWaiters();
        Assert.That(await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(5)), Is.All.True);
        Assert.That(_load.Queued("gpu"), Is.Zero);
    }

    [Test]
    public void WorkerWithoutTheModelInstalled_IsNotPicked()
    {
        var workers = new[] { Worker("a"), Worker("b") };
        Inventory("a", ["other:latest"], []);
        Inventory("b", ["m:latest"], []);
        Assert.That(Count(workers, "m:latest", 200)["b"], Is.EqualTo(200));
    }

    [Test]
    public void FewestInFlightRelativeToCapacity_Wins()
    {
        var a = Worker("a", capacity: 4);
        var b = Worker("b", capacity: 1);
        using var busyA = _load.TryAcquire(_cluster, a)!;
        // a: 1/4 in use, b: 0/1 → b.
        Assert.That(Count([a, b], null, 50)["b"], Is.EqualTo(50));
        using var busyB = _load.TryAcquire(_cluster, b)!;
        // b full; a has room.
        Assert.That(Count([a, b], null, 50)["a"], Is.EqualTo(50));
    }

    [Test]
    public void LoadedButFullWorker_SpillsToAnIdleOne()
    {
        var a = Worker("a", capacity: 1);
        var b = Worker("b", capacity: 1);
        Inventory("a", ["m:latest"], ["m:latest"]);
        Inventory("b", ["m:latest"], []);
        using var busy = _load.TryAcquire(_cluster, a)!;
        Assert.That(Policy.PickDestination(ContextFor("m:latest"), _cluster, [a, b])!.DestinationId, Is.EqualTo("b"));
    }

    [Test]
    public void EveryWorkerFull_ReturnsNull_SoTheRequestQueues()
    {
        var a = Worker("a", capacity: 1);
        using var busy = _load.TryAcquire(_cluster, a)!;
        Assert.That(Policy.PickDestination(ContextFor("m:latest"), _cluster, [a, Worker("b", capacity: 1).Also(b => _load.TryAcquire(_cluster, b))]), Is.Null);
    }

    [Test]
    public async Task QueuedRequest_IsWokenWhenASlotFrees()
    {
        var a = Worker("a", capacity: 1);
        var lease = _load.TryAcquire(_cluster, a)!;
        var waiting = _load.WaitForSlotAsync(_cluster, TimeSpan.FromSeconds(10), maxQueue: 10, CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.That(waiting.IsCompleted, Is.False);
        lease.Dispose();
        Assert.That(await waiting.WaitAsync(TimeSpan.FromSeconds(5)), Is.True);
    }

    [Test]
    public async Task FullQueue_RefusesAtOnce()
    {
        var a = Worker("a", capacity: 1);
        using var lease = _load.TryAcquire(_cluster, a)!;
        var first = _load.WaitForSlotAsync(_cluster, TimeSpan.FromSeconds(5), maxQueue: 1, CancellationToken.None).AsTask();
        Assert.That(await _load.WaitForSlotAsync(_cluster, TimeSpan.FromSeconds(5), maxQueue: 1, CancellationToken.None), Is.False);
        lease.Dispose();
        await first;
    }
}

static class FluentExtensions
{
    public static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
