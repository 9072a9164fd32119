using System.Diagnostics;

namespace ModelGateway.Redis;

/// <summary>The typed commands the gateway uses, on top of <see cref="IRedisConnection.ExecuteAsync"/>. Keys are sent as given (no prefix).</summary>
public static class RedisCommands
{
    public static Task<RedisReply> ExecuteAsync(this IRedisConnection redis, string command, params RedisArgument[] args)
        => redis.ExecuteAsync(command, args, CancellationToken.None);

    /// <summary>PING round trip; a readiness probe. Throws like any command when Redis is unavailable.</summary>
    public static async Task<TimeSpan> PingAsync(this IRedisConnection redis, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var reply = await redis.ExecuteAsync("PING", [], cancellationToken);
        if (reply.AsString() != "PONG")
            throw new RedisException($"Unexpected PING reply from Redis at {redis.Endpoint}: {reply}.");
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>GET: the value, or null when the key does not exist.</summary>
    public static async Task<byte[]?> GetAsync(this IRedisConnection redis, RedisArgument key, CancellationToken cancellationToken = default)
        => (await redis.ExecuteAsync("GET", [key], cancellationToken)).RawBytes;

    public static async Task<string?> GetStringAsync(this IRedisConnection redis, RedisArgument key, CancellationToken cancellationToken = default)
        => (await redis.ExecuteAsync("GET", [key], cancellationToken)).AsString();

    /// <summary>SET with an optional expiry (PX) and condition (NX/XX); false when the condition kept it from writing.</summary>
    public static async Task<bool> SetAsync(this IRedisConnection redis, RedisArgument key, RedisArgument value,
        TimeSpan? expiry = null, RedisSetCondition condition = RedisSetCondition.Always, CancellationToken cancellationToken = default)
    {
        var args = new List<RedisArgument>(5) { key, value };
        if (expiry is { } ttl)
        {
            args.Add("PX");
            args.Add(Milliseconds(ttl, nameof(expiry)));
        }
        if (condition == RedisSetCondition.IfNotExists) args.Add("NX");
        else if (condition == RedisSetCondition.IfExists) args.Add("XX");
        var reply = await redis.ExecuteAsync("SET", args, cancellationToken);
        return !reply.IsNull;
    }

    /// <summary>DEL: how many of the keys existed.</summary>
    public static async Task<long> DeleteAsync(this IRedisConnection redis, IReadOnlyList<RedisArgument> keys, CancellationToken cancellationToken = default)
    {
        if (keys.Count == 0) return 0;
        return (await redis.ExecuteAsync("DEL", keys, cancellationToken)).AsInt64();
    }

    public static Task<long> DeleteAsync(this IRedisConnection redis, RedisArgument key, CancellationToken cancellationToken = default)
        => redis.DeleteAsync([key], cancellationToken);

    /// <summary>PEXPIRE: false when the key does not exist.</summary>
    public static async Task<bool> ExpireAsync(this IRedisConnection redis, RedisArgument key, TimeSpan expiry, CancellationToken cancellationToken = default)
        => (await redis.ExecuteAsync("PEXPIRE", [key, Milliseconds(expiry, nameof(expiry))], cancellationToken)).AsInt64() == 1;

    /// <summary>INCRBY: the value after the increment (a missing key counts as 0).</summary>
    public static async Task<long> IncrementAsync(this IRedisConnection redis, RedisArgument key, long by = 1, CancellationToken cancellationToken = default)
        => (await redis.ExecuteAsync("INCRBY", [key, by], cancellationToken)).AsInt64();

    /// <summary>
    /// EVALSHA; when the server does not know the script (first use, after a restart or SCRIPT FLUSH), SCRIPT LOAD
    /// and EVALSHA again. Errors raised by the script surface as <see cref="RedisServerException"/>.
    /// </summary>
    public static async Task<RedisReply> EvaluateAsync(this IRedisConnection redis, RedisScript script,
        IReadOnlyList<RedisArgument> keys, IReadOnlyList<RedisArgument> args, CancellationToken cancellationToken = default)
    {
        var evalArgs = new RedisArgument[2 + keys.Count + args.Count];
        evalArgs[0] = script.Sha1;
        evalArgs[1] = keys.Count;
        for (var i = 0; i < keys.Count; i++) evalArgs[2 + i] = keys[i];
        for (var i = 0; i < args.Count; i++) evalArgs[2 + keys.Count + i] = args[i];
        try
        {
            return await redis.ExecuteAsync("EVALSHA", evalArgs, cancellationToken);
        }
        catch (RedisServerException ex) when (ex.ErrorCode == "NOSCRIPT")
        {
            var loaded = await redis.ExecuteAsync("SCRIPT", ["LOAD", script.Lua], cancellationToken);
            if (!string.Equals(loaded.AsString(), script.Sha1, StringComparison.OrdinalIgnoreCase))
                throw new RedisException($"SCRIPT LOAD returned {loaded} instead of the script's SHA1 {script.Sha1}.");
            return await redis.ExecuteAsync("EVALSHA", evalArgs, cancellationToken);
        }
    }

    static long Milliseconds(TimeSpan value, string name)
    {
        var ms = (long)Math.Ceiling(value.TotalMilliseconds);
        if (ms <= 0) throw new ArgumentOutOfRangeException(name, value, "A Redis expiry must be positive.");
        return ms;
    }
}
