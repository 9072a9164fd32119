using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;

namespace ModelGateway.Redis;

/// <summary>
/// <see cref="IDistributedCache"/> on the gateway's Redis connection. Each entry is a hash under
/// "{KeyPrefix}cache:{key}" holding the value and its expiration settings; the key's Redis TTL does the expiring.
/// Reads of entries with a sliding expiration push the TTL forward (never past the absolute expiration) in the
/// same script, so a read costs one round trip. Failures surface as <see cref="RedisException"/>.
/// </summary>
public sealed class RedisDistributedCache : IDistributedCache
{
    // ARGV: value, absolute expiry (unix ms, 0 = none), sliding window (ms, 0 = none), initial TTL (ms, 0 = none).
    static readonly RedisScript SetScript = new("""
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], 'data', ARGV[1], 'absexp', ARGV[2], 'sldexp', ARGV[3])
        local ttl = tonumber(ARGV[4])
        if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
        return 1
        """);

    // ARGV: now (unix ms), '1' to return the value or '0' to only refresh. Returns nil for a missing entry.
    static readonly RedisScript GetAndRefreshScript = new("""
        local entry = redis.call('HMGET', KEYS[1], 'data', 'absexp', 'sldexp')
        if not entry[1] then return false end
        local sliding = tonumber(entry[3]) or 0
        if sliding > 0 then
          local ttl = sliding
          local absolute = tonumber(entry[2]) or 0
          if absolute > 0 then
            local left = absolute - tonumber(ARGV[1])
            if left < ttl then ttl = left end
          end
          if ttl <= 0 then
            redis.call('DEL', KEYS[1])
            return false
          end
          redis.call('PEXPIRE', KEYS[1], ttl)
        end
        if ARGV[2] == '1' then return entry[1] end
        return 1
        """);

    readonly IRedisConnection _redis;
    readonly TimeProvider _time;
    readonly string _keyPrefix;

    public RedisDistributedCache(IRedisConnection redis, IOptions<RedisOptions> options, TimeProvider time)
    {
        _redis = redis;
        _time = time;
        _keyPrefix = options.Value.KeyPrefix + "cache:";
    }

    public byte[]? Get(string key) => GetAsync(key).GetAwaiter().GetResult();

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        var reply = await _redis.EvaluateAsync(GetAndRefreshScript, [RedisKey(key)], [Now(), "1"], token);
        return reply.RawBytes;
    }

    public void Refresh(string key) => RefreshAsync(key).GetAwaiter().GetResult();

    public Task RefreshAsync(string key, CancellationToken token = default)
        => _redis.EvaluateAsync(GetAndRefreshScript, [RedisKey(key)], [Now(), "0"], token);

    public void Remove(string key) => RemoveAsync(key).GetAwaiter().GetResult();

    public Task RemoveAsync(string key, CancellationToken token = default) => _redis.DeleteAsync(RedisKey(key), token);

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => SetAsync(key, value, options).GetAwaiter().GetResult();

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
        var now = _time.GetUtcNow();
        var absolute = options.AbsoluteExpirationRelativeToNow is { } relative ? now + relative : options.AbsoluteExpiration;
        if (absolute is { } at && at <= now)
            throw new ArgumentOutOfRangeException(nameof(options), at, "The absolute expiration must be in the future.");

        var sliding = options.SlidingExpiration;
        TimeSpan? ttl = absolute - now;
        if (sliding is { } window && (ttl is null || window < ttl)) ttl = window;

        return _redis.EvaluateAsync(SetScript, [RedisKey(key)],
        [
            value,
            absolute?.ToUnixTimeMilliseconds() ?? 0,
            sliding is { } s ? Milliseconds(s) : 0,
            ttl is { } t ? Milliseconds(t) : 0,
        ], token);
    }

    RedisArgument RedisKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _keyPrefix + key;
    }

    long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    static long Milliseconds(TimeSpan value) => Math.Max(1, (long)Math.Ceiling(value.TotalMilliseconds));
}
