using System.ComponentModel.DataAnnotations;

namespace ModelGateway.Caching;

/// <summary>Options of the <c>ResponseCache</c> section (read at start-up; see docs/caching.md).</summary>
public sealed class ResponseCacheOptions
{
    public const string SectionName = "ResponseCache";

    /// <summary>False turns the cache off: requests go to workers untouched and get no X-Cache header.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a stored reply is served.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00", ErrorMessage = "ResponseCache:Ttl must be between 1 second and 30 days")]
    public TimeSpan Ttl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Replies larger than this are not stored (recording stops as soon as a reply grows past it).</summary>
    [Range(1024, 1L << 30, ErrorMessage = "ResponseCache:MaxEntryBytes must be between 1 KiB and 1 GiB")]
    public long MaxEntryBytes { get; set; } = 1024 * 1024;

    /// <summary>Bound of the in-memory store (ignored with Redis, whose own maxmemory policy applies).</summary>
    [Range(1024, long.MaxValue, ErrorMessage = "ResponseCache:MaxTotalBytes must be at least 1 KiB")]
    public long MaxTotalBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Also cache requests whose answer may vary (temperature above 0 and no seed).</summary>
    public bool CacheNonDeterministic { get; set; }

    /// <summary>Longest a lookup may take before the request goes to a worker anyway (a slow Redis adds at most this).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10", ErrorMessage = "ResponseCache:LookupTimeout must be between 1 ms and 10 seconds")]
    public TimeSpan LookupTimeout { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest a background write may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00", ErrorMessage = "ResponseCache:WriteTimeout must be between 10 ms and 1 minute")]
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
