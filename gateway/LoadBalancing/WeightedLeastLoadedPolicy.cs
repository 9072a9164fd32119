using System.Buffers;
using ModelGateway.Inventory;
using ModelGateway.Routing;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace ModelGateway.LoadBalancing;

/// <summary>
/// Picks a worker for a model request. Among the healthy destinations it is given:
/// 1. keep those that have the model installed (by inventory; a worker not yet polled counts as able);
/// 2. of those with a free slot, prefer the ones that already have the model loaded, then any (a worker without a
///    configured capacity has a free slot only while it serves nothing, so a busy one that has the model loaded does
///    not take every request while others sit idle); when none has a free slot, return null if every one has a hard
///    capacity (the caller queues), else consider those without a configured capacity;
/// 3. take the lowest in-flight / capacity (capacity 1 when not configured);
/// 4. break ties at random in proportion to <c>Weight</c>.
/// Without a model (a plain YARP route), steps 1–2 are skipped.
/// </summary>
public sealed class WeightedLeastLoadedPolicy : ILoadBalancingPolicy
{
    public const string PolicyName = "WeightedLeastLoaded";

    readonly IWorkerInventoryStore _inventory;
    readonly IWorkerLoadTracker _load;

    public WeightedLeastLoadedPolicy(IWorkerInventoryStore inventory, IWorkerLoadTracker load)
    {
        _inventory = inventory;
        _load = load;
    }

    public string Name => PolicyName;

    public DestinationState? PickDestination(HttpContext context, ClusterState cluster, IReadOnlyList<DestinationState> availableDestinations)
    {
        if (availableDestinations.Count == 0) return null;
        var model = context.Features.Get<IModelRequestFeature>()?.NormalizedWorkerModel;

        var rented = ArrayPool<Candidate>.Shared.Rent(availableDestinations.Count);
        try
        {
            return Pick(cluster, availableDestinations, model, rented);
        }
        finally
        {
            ArrayPool<Candidate>.Shared.Return(rented, clearArray: true);
        }
    }

    DestinationState? Pick(ClusterState cluster, IReadOnlyList<DestinationState> availableDestinations, string? model, Candidate[] buffer)
    {
        var count = 0;
        var anyInstalled = false;
        foreach (var destination in availableDestinations)
        {
            var inventory = model is null ? null : _inventory.Get(cluster.ClusterId, destination.DestinationId);
            var installed = inventory is null || inventory.HasInstalled(model!);
            anyInstalled |= installed;
            var metadata = WorkerMetadata.For(destination);
            var inFlight = _load.InFlight(destination);
            var full = metadata.Capacity is { } cap && inFlight >= cap;
            buffer[count++] = new Candidate(destination, installed, inventory?.HasLoaded(model!) ?? false,
                full, metadata.Capacity is null ? inFlight == 0 : !full, metadata.Capacity is not null,
                (double)inFlight / (metadata.Capacity ?? 1), metadata.Weight);
        }
        ReadOnlySpan<Candidate> candidates = buffer.AsSpan(0, count);

        // When no worker reports the model, let them all try: the worker's own answer is authoritative.
        var tier = Tier.Any;
        if (model is not null)
        {
            if (Exists(candidates, Tier.LoadedFree, anyInstalled)) tier = Tier.LoadedFree;
            else if (Exists(candidates, Tier.Free, anyInstalled)) tier = Tier.Free;
            else if (Exists(candidates, Tier.Unbounded, anyInstalled)) tier = Tier.Unbounded;
            else return null;
        }
        else if (!Exists(candidates, Tier.Any, anyInstalled: false))
        {
            return null;
        }

        var best = double.MaxValue;
        foreach (ref readonly var c in candidates)
            if (InTier(c, tier, anyInstalled) && c.Utilization < best) best = c.Utilization;

        var totalWeight = 0.0;
        foreach (var c in candidates)
            if (InTier(c, tier, anyInstalled) && c.Utilization == best) totalWeight += c.Weight;

        var point = Random.Shared.NextDouble() * totalWeight;
        DestinationState? last = null;
        foreach (var c in candidates)
        {
            if (!InTier(c, tier, anyInstalled) || c.Utilization != best) continue;
            last = c.Destination;
            point -= c.Weight;
            if (point < 0) return c.Destination;
        }
        return last;
    }

    static bool InTier(in Candidate c, Tier tier, bool anyInstalled)
    {
        if (anyInstalled && !c.Installed) return false;
        return tier switch
        {
            Tier.LoadedFree => c.Loaded && c.Free,
            Tier.Free => c.Free,
            Tier.Unbounded => !c.HasCapacity,
            _ => !c.Full,
        };
    }

    static bool Exists(ReadOnlySpan<Candidate> candidates, Tier tier, bool anyInstalled)
    {
        foreach (var c in candidates)
            if (InTier(c, tier, anyInstalled)) return true;
        return false;
    }

    enum Tier { Any, LoadedFree, Free, Unbounded }

    /// <param name="Full">At its configured capacity (never, without one).</param>
    /// <param name="Free">Has a free slot: below its capacity, or without one, serving nothing.</param>
    readonly record struct Candidate(DestinationState Destination, bool Installed, bool Loaded, bool Full, bool Free, bool HasCapacity, double Utilization, double Weight);
}
