using System.Globalization;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;

namespace ModelGateway.Forwarding;

/// <summary>
/// A worker's answer with headers received and body unread. Owns the worker's slot and the request's
/// cancellation until disposed, so a client that goes away stops the worker too.
/// </summary>
public sealed class WorkerResponse : IAsyncDisposable
{
    readonly WorkerCancellation _cancellation;
    readonly IDisposable _slot;

    internal WorkerResponse(HttpResponseMessage message, ClusterState cluster, DestinationState destination,
        WorkerCancellation cancellation, IDisposable slot, TimeSpan idleTimeout, int attempts)
    {
        Message = message;
        Cluster = cluster;
        Destination = destination;
        _cancellation = cancellation;
        _slot = slot;
        Attempts = attempts;
        IdleTimeout = idleTimeout;
        _cancellation.Restart(idleTimeout);
    }

    /// <summary>The <see cref="Destination"/> id of a reply served from the response cache (shown in the worker header).</summary>
    public const string CacheDestinationId = "cache";

    static readonly DestinationState CacheDestination = new(CacheDestinationId, new DestinationModel(new DestinationConfig { Address = "cache:" }));

    /// <summary>A stored reply served by the response cache: no worker was asked, so no slot is held and nothing idles out.</summary>
    public static WorkerResponse FromCache(HttpResponseMessage message, ClusterState cluster, CancellationToken requestAborted)
        => new(message, cluster, CacheDestination, new WorkerCancellation(requestAborted, Timeout.InfiniteTimeSpan), NoSlot.Instance, Timeout.InfiniteTimeSpan, attempts: 0);

    /// <summary>True when the reply comes from the response cache rather than a worker.</summary>
    public bool IsFromCache => ReferenceEquals(Destination, CacheDestination);

    public HttpResponseMessage Message { get; }

    /// <summary>The fallback model that answered in place of the requested one; null when the requested model did.</summary>
    public Routing.ModelRoute? FallbackRoute { get; internal set; }
    public ClusterState Cluster { get; }
    public DestinationState Destination { get; }

    /// <summary>Workers tried, this one included.</summary>
    public int Attempts { get; }

    /// <summary>Cancelled when the client goes away or the stream stays silent longer than the idle timeout.</summary>
    public CancellationToken Token => _cancellation.Token;

    public int StatusCode => (int)Message.StatusCode;

    /// <summary>The silence allowed inside the body.</summary>
    public TimeSpan IdleTimeout { get; }

    /// <summary>True when reading the body stopped because the worker sent nothing for <see cref="IdleTimeout"/>.</summary>
    public bool WentSilent => _cancellation.TimedOut;

    /// <summary>True when reading the body stopped because a graceful shutdown ran out of time (Gateway:ShutdownTimeout).</summary>
    public bool StoppedForShutdown => _cancellation.ShutDown;

    /// <summary>What the client is told when <see cref="WentSilent"/>: the gateway gave up waiting, the worker did not fail.</summary>
    public string SilenceMessage => $"the worker sent nothing for {IdleTimeoutSeconds} s, the gateway's limit for silence inside a reply";

    /// <summary>
    /// What the client gets when this reply broke off before any of it reached the client: still an HTTP error, 502
    /// (<paramref name="interrupted"/>), or 504 when the worker went silent. Both are transient, so it carries
    /// <paramref name="retryAfter"/> as the other 502s and 504s do.
    /// </summary>
    public Errors.GatewayException BrokenBeforeOutput(string interrupted, TimeSpan retryAfter)
        => WentSilent ? new(StatusCodes.Status504GatewayTimeout, SilenceMessage, "server_error", retryAfter: retryAfter)
            : StoppedForShutdown ? new(StatusCodes.Status503ServiceUnavailable, Hosting.ShutdownDrain.Message, "server_error", retryAfter: TimeSpan.FromSeconds(1))
            : new(StatusCodes.Status502BadGateway, interrupted, "server_error", retryAfter: retryAfter);

    /// <summary><see cref="IdleTimeout"/> in seconds as logs and messages show it (0.5, 120).</summary>
    public string IdleTimeoutSeconds => IdleTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Call after each chunk read from the worker.</summary>
    public void ResetIdleTimer() => _cancellation.MarkActivity();

    public ValueTask DisposeAsync()
    {
        Message.Dispose();
        _slot.Dispose();
        _cancellation.Dispose();
        return ValueTask.CompletedTask;
    }

    sealed class NoSlot : IDisposable
    {
        public static readonly NoSlot Instance = new();
        public void Dispose() { }
    }
}
