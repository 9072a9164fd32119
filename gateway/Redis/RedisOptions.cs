namespace ModelGateway.Redis;

/// <summary>Settings of the gateway's Redis connection, bound from the <c>Redis</c> configuration section.</summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>"host:port"; empty means the gateway does not use Redis.</summary>
    public string? Endpoint { get; set; }

    /// <summary>ACL user name; empty means the legacy single-password AUTH.</summary>
    public string? User { get; set; }

    public string? Password { get; set; }

    public int Database { get; set; }

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>With commands waiting and no reply for this long, new commands fail at once until one arrives.</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Prepended to every key the gateway's own Redis consumers (cache, rate limits) create.</summary>
    public string KeyPrefix { get; set; } = "mg:";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint);
}
