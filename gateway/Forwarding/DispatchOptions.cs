using System.ComponentModel.DataAnnotations;

namespace ModelGateway.Forwarding;

/// <summary>Options of the <c>Dispatch</c> section: how requests are sent to workers and retried.</summary>
public sealed class DispatchOptions
{
    public const string SectionName = "Dispatch";

    /// <summary>Workers tried for one request before giving up (failover happens only before the first byte).</summary>
    [Range(1, 20, ErrorMessage = "Dispatch:MaxAttempts must be between 1 and 20")]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Requests allowed to wait for a slot per cluster when every worker is at its Capacity.</summary>
    [Range(0, 1_000_000, ErrorMessage = "Dispatch:MaxQueuePerCluster must be between 0 and 1000000")]
    public int MaxQueuePerCluster { get; set; } = 1024;

    /// <summary>How long a request may wait for a slot before it is answered 503.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Dispatch:QueueTimeout must be between 0 and 1 hour")]
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed until a worker sends response headers (a cold model load happens inside it).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00", ErrorMessage = "Dispatch:ResponseHeadersTimeout must be between 100 ms and 1 hour")]
    public TimeSpan ResponseHeadersTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest silence allowed inside a streamed response.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00", ErrorMessage = "Dispatch:StreamIdleTimeout must be between 100 ms and 1 hour")]
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a worker that refused a connection stays out of rotation (unless the cluster sets its own).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00", ErrorMessage = "Dispatch:PassiveReactivationPeriod must be between 100 ms and 1 hour")]
    public TimeSpan PassiveReactivationPeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Seconds suggested to clients in Retry-After when workers are busy, unreachable, slow or broke off a reply.</summary>
    [Range(1, 3600, ErrorMessage = "Dispatch:RetryAfterSeconds must be between 1 and 3600")]
    public int RetryAfterSeconds { get; set; } = 1;
}
