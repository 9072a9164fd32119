using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Yarp.ReverseProxy.Model;

namespace ModelGateway.LoadBalancing;

internal sealed class WorkerLoadTracker : IWorkerLoadTracker
{
    readonly ConditionalWeakTable<DestinationState, StrongBox<int>> _inFlight = new();
    readonly ConcurrentDictionary<string, SlotQueue> _queues = new(StringComparer.Ordinal);

    public int InFlight(DestinationState destination)
        => (_inFlight.TryGetValue(destination, out var box) ? Volatile.Read(ref box.Value) : 0) + destination.ConcurrentRequestCount;

    public bool IsFull(DestinationState destination)
        => WorkerMetadata.For(destination).Capacity is { } capacity && InFlight(destination) >= capacity;

    public IDisposable? TryAcquire(ClusterState cluster, DestinationState destination)
    {
        var box = _inFlight.GetValue(destination, static _ => new StrongBox<int>());
        if (WorkerMetadata.For(destination).Capacity is { } capacity)
        {
            var forwarded = destination.ConcurrentRequestCount;
            while (true)
            {
                var current = Volatile.Read(ref box.Value);
                if (current + forwarded >= capacity) return null;
                if (Interlocked.CompareExchange(ref box.Value, current + 1, current) == current) break;
            }
        }
        else Interlocked.Increment(ref box.Value);
        return new Lease(this, cluster.ClusterId, box);
    }

    public ValueTask<bool> WaitForSlotAsync(ClusterState cluster, TimeSpan timeout, int maxQueue, CancellationToken cancellationToken)
        => _queues.GetOrAdd(cluster.ClusterId, static _ => new SlotQueue()).WaitAsync(timeout, maxQueue, cancellationToken);

    public int Queued(string clusterId) => _queues.TryGetValue(clusterId, out var queue) ? queue.Count : 0;

    public void WakeWaiters(string? clusterId = null)
    {
        if (clusterId is null)
        {
            foreach (var queue in _queues.Values) queue.SignalAll();
        }
        else if (_queues.TryGetValue(clusterId, out var queue)) queue.SignalAll();
    }

    void Release(string clusterId, StrongBox<int> box)
    {
        Interlocked.Decrement(ref box.Value);
        if (_queues.TryGetValue(clusterId, out var queue)) queue.SignalOne();
    }

    sealed class Lease(WorkerLoadTracker owner, string clusterId, StrongBox<int> box) : IDisposable
    {
        int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Release(clusterId, box);
        }
    }

    /// <summary>FIFO of requests waiting for any slot of one cluster; a release wakes the oldest.</summary>
    sealed class SlotQueue
    {
        readonly LinkedList<TaskCompletionSource<bool>> _waiters = new();

        public int Count
        {
            get { lock (_waiters) return _waiters.Count; }
        }

        public async ValueTask<bool> WaitAsync(TimeSpan timeout, int maxQueue, CancellationToken cancellationToken)
        {
            var waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            LinkedListNode<TaskCompletionSource<bool>> node;
            lock (_waiters)
            {
                if (_waiters.Count >= maxQueue) return false;
                node = _waiters.AddLast(waiter);
            }
            try
            {
                // A timeout is not a failure: the caller looks again and decides.
                await waiter.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException) { }
            finally
            {
                lock (_waiters)
                {
                    if (node.List is not null) _waiters.Remove(node);
                }
            }
            return true;
        }

        /// <summary>Wakes every waiter, oldest first; those that find nothing free queue again in the same order.</summary>
        public void SignalAll()
        {
            TaskCompletionSource<bool>[] woken;
            lock (_waiters)
            {
                woken = [.. _waiters];
                _waiters.Clear();
            }
            foreach (var waiter in woken) waiter.TrySetResult(true);
        }

        public void SignalOne()
        {
            TaskCompletionSource<bool>? first = null;
            lock (_waiters)
            {
                if (_waiters.First is { } node)
                {
                    first = node.Value;
                    _waiters.RemoveFirst();
                }
            }
            first?.TrySetResult(true);
        }
    }
}
