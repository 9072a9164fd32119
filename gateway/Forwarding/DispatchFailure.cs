namespace ModelGateway.Forwarding;

/// <summary>Why no worker answered a request. Each surface turns it into its own error shape.</summary>
public enum DispatchFailure
{
    /// <summary>The model's cluster is not (or no longer) configured.</summary>
    ClusterMissing,

    /// <summary>No healthy worker in the cluster.</summary>
    NoHealthyWorker,

    /// <summary>Every worker is at capacity and the wait queue is full or timed out, or workers answered "server busy".</summary>
    Busy,

    /// <summary>Workers could not be reached (refused, reset, DNS).</summary>
    Unreachable,

    /// <summary>Workers did not send response headers in time.</summary>
    Timeout,
}
