using Yarp.ReverseProxy.Model;

namespace ModelGateway.Forwarding;

/// <summary>
/// A worker's answer with headers received and body unread. Owns the worker's slot and the request's
/// cancellation until disposed, so a client that goes away stops the worker too.
/// </summary>
public sealed class WorkerResponse : IAsyncDisposable
{
    readonly CancellationTokenSource _cancellation;
    readonly IDisposable _slot;
    readonly TimeSpan _idleTimeout;

    internal WorkerResponse(HttpResponseMessage message, ClusterState cluster, DestinationState destination,
        CancellationTokenSource cancellation, IDisposable slot, TimeSpan idleTimeout, int attempts)
    {
        Message = message;
        Cluster = cluster;
        Destination = destination;
        _cancellation = cancellation;
        _slot = slot;
        _idleTimeout = idleTimeout;
        Attempts = attempts;
        ResetIdleTimer();
    }

    public HttpResponseMessage Message { get; }
    public ClusterState Cluster { get; }
    public DestinationState Destination { get; }

    /// <summary>Workers tried, this one included.</summary>
    public int Attempts { get; }

    /// <summary>Cancelled when the client goes away or the stream stays silent longer than the idle timeout.</summary>
    public CancellationToken Token => _cancellation.Token;

    public int StatusCode => (int)Message.StatusCode;

    /// <summary>Call after each chunk read from the worker.</summary>
    public void ResetIdleTimer()
    {
        try { _cancellation.CancelAfter(_idleTimeout); }
        catch (ObjectDisposedException) { }
    }

    public ValueTask DisposeAsync()
    {
        Message.Dispose();
        _slot.Dispose();
        _cancellation.Dispose();
        return ValueTask.CompletedTask;
    }
}
