namespace ModelGateway.Redis;

/// <summary>Exponential back-off with jitter, so that many gateways do not reconnect to a restarted Redis in step.</summary>
internal static class RedisReconnectDelay
{
    /// <summary>The delay before reconnect attempt <paramref name="attempt"/> (0-based): between half and all of min·2^attempt, capped at max.</summary>
    public static TimeSpan For(int attempt, TimeSpan min, TimeSpan max, Random random)
    {
        var ceiling = min.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        var capped = Math.Min(ceiling, max.TotalMilliseconds);
        var jittered = capped * (0.5 + random.NextDouble() * 0.5);
        return TimeSpan.FromMilliseconds(Math.Max(jittered, min.TotalMilliseconds));
    }
}
