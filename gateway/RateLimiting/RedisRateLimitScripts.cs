using ModelGateway.Redis;

namespace ModelGateway.RateLimiting;

/// <summary>
/// The Lua scripts behind shared budgets. Each check is one atomic script, timed by Redis's own clock (TIME) so every
/// gateway instance sees the same window. Every key expires one window after its last charge.
/// </summary>
internal static class RedisRateLimitScripts
{
    /// <summary>
    /// Requests: a sorted-set log of admissions (score = ms). KEYS[1] log; ARGV window ms, limit, unique member.
    /// Returns {admitted 0|1, count in window, ms until a request fits (admitted: until the oldest leaves), ms until
    /// the newest leaves}. Refused, a request fits once all but limit - 1 admissions have left, which after a lowered
    /// limit is later than the oldest's leaving.
    /// </summary>
    public static readonly RedisScript AcquireRequest = new("""
        local log = KEYS[1]
        local window = tonumber(ARGV[1])
        local limit = tonumber(ARGV[2])
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        redis.call('ZREMRANGEBYSCORE', log, '-inf', now - window)
        local count = redis.call('ZCARD', log)
        local admitted = 0
        if count < limit then
          redis.call('ZADD', log, now, ARGV[3])
          redis.call('PEXPIRE', log, window)
          count = count + 1
          admitted = 1
        end
        if count == 0 then return {admitted, 0, 0, 0} end
        local rank = 0
        if admitted == 0 then rank = count - limit end
        local fits = tonumber(redis.call('ZRANGE', log, rank, rank, 'WITHSCORES')[2])
        local newest = tonumber(redis.call('ZRANGE', log, -1, -1, 'WITHSCORES')[2])
        return {admitted, count, fits + window - now, newest + window - now}
        """);

    /// <summary>
    /// Tokens: a sorted-set log of charge ids (score = ms), a hash of their amounts and their running sum.
    /// KEYS[1] log, KEYS[2] amounts, KEYS[3] sum; ARGV window ms, limit, charge id, amount.
    /// Returns {admitted 0|1, sum in window, ms until the amount would fit (0 when admitted), ms until the newest leaves}.
    /// </summary>
    public static readonly RedisScript ReserveTokens = new("""
        local log, amounts, total = KEYS[1], KEYS[2], KEYS[3]
        local window = tonumber(ARGV[1])
        local limit = tonumber(ARGV[2])
        local amount = tonumber(ARGV[4])
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local cutoff = now - window
        local sum = tonumber(redis.call('GET', total) or '0')
        while true do
          local expired = redis.call('ZRANGEBYSCORE', log, '-inf', cutoff, 'LIMIT', 0, 256)
          if #expired == 0 then break end
          local values = redis.call('HMGET', amounts, unpack(expired))
          for i = 1, #values do
            if values[i] then sum = sum - tonumber(values[i]) end
          end
          redis.call('HDEL', amounts, unpack(expired))
          redis.call('ZREM', log, unpack(expired))
        end
        -- An empty log means nothing is charged, whatever a stale sum says.
        if redis.call('ZCARD', log) == 0 or sum < 0 then sum = 0 end
        if sum + amount <= limit then
          redis.call('ZADD', log, now, ARGV[3])
          redis.call('HSET', amounts, ARGV[3], amount)
          sum = sum + amount
          redis.call('SET', total, sum, 'PX', window)
          redis.call('PEXPIRE', log, window)
          redis.call('PEXPIRE', amounts, window)
          return {1, sum, 0, window}
        end
        redis.call('SET', total, sum, 'KEEPTTL')
        local needed = sum + amount - limit
        local freed, retry = 0, window
        local entries = redis.call('ZRANGE', log, 0, -1, 'WITHSCORES')
        for i = 1, #entries, 2 do
          freed = freed + tonumber(redis.call('HGET', amounts, entries[i]) or '0')
          if freed >= needed then
            retry = tonumber(entries[i + 1]) + window - now
            break
          end
        end
        local newest = tonumber(entries[#entries])
        return {0, sum, math.max(1, retry), newest + window - now}
        """);

    /// <summary>Corrects a charge still in the window. KEYS as <see cref="ReserveTokens"/>; ARGV charge id, delta.</summary>
    public static readonly RedisScript AdjustTokens = new("""
        local current = redis.call('HGET', KEYS[2], ARGV[1])
        if not current then return 0 end
        local updated = math.max(0, tonumber(current) + tonumber(ARGV[2]))
        redis.call('HSET', KEYS[2], ARGV[1], updated)
        redis.call('INCRBY', KEYS[3], updated - tonumber(current))
        return 1
        """);
}
