using Yarp.ReverseProxy.Model;

namespace ModelGateway.LoadBalancing;

/// <summary>
/// Requests in flight per worker, and the wait for a free slot when every worker of a cluster is at capacity.
/// YARP's own counter only covers its forwarder; the gateway's translated paths send requests themselves.
/// </summary>
public interface IWorkerLoadTracker
{
    int InFlight(DestinationState destination);

    /// <summary>
    /// Counts a request against the worker until the lease is disposed; null when its configured capacity is used up.
    /// The check and the count are one step, so concurrent requests that all saw the last slot free cannot all take it.
    /// </summary>
    IDisposable? TryAcquire(ClusterState cluster, DestinationState destination);

    /// <summary>True when the worker has a configured capacity and it is used up.</summary>
    bool IsFull(DestinationState destination);

    /// <summary>Waits until some worker of the cluster frees a slot. False when the wait queue is full.</summary>
    ValueTask<bool> WaitForSlotAsync(ClusterState cluster, TimeSpan timeout, int maxQueue, CancellationToken cancellationToken);

    /// <summary>Requests currently waiting for a slot in the cluster.</summary>
    int Queued(string clusterId);

    /// <summary>
    /// Capacity may have grown (an edit raised a Capacity or added a worker, a worker came back): every request
    /// waiting in <paramref name="clusterId"/>'s queue, or in every queue when null, looks for a free slot again.
    /// </summary>
    void WakeWaiters(string? clusterId = null);
}
