using System.Diagnostics.Metrics;

namespace ModelGateway.Redis;

/// <summary>
/// The connection's running totals as instruments on the gateway's meter, read at scrape time, so a Redis that drops
/// connections or stops answering can be alerted on before budgets and the cache quietly stop working.
/// </summary>
internal static class RedisMetrics
{
    public const string MeterName = "ModelGateway";

    public static void Observe(Meter meter, RedisConnection connection)
    {
        meter.CreateObservableCounter("modelgateway.redis.commands", () =>
        {
            var status = connection.GetStatus();
            return new Measurement<long>[]
            {
                new(status.CommandsSucceeded, new KeyValuePair<string, object?>("outcome", "succeeded")),
                new(status.CommandsFailed, new KeyValuePair<string, object?>("outcome", "failed")),
                new(status.CommandsTimedOut, new KeyValuePair<string, object?>("outcome", "timed_out")),
            };
        }, "{command}", "Redis commands by outcome: succeeded, failed (error reply, no connection, or refused at once while Redis is stalled) or timed_out.");
        meter.CreateObservableCounter("modelgateway.redis.connect_failures", () => connection.GetStatus().ConnectFailures, "{attempt}",
            "Attempts to connect to Redis (TCP, AUTH, SELECT, PING) that failed.");
        meter.CreateObservableCounter("modelgateway.redis.disconnections", () => connection.GetStatus().Disconnections, "{connection}",
            "Connections to Redis lost after they were established.");
        meter.CreateObservableGauge("modelgateway.redis.connected", () => connection.IsConnected ? 1 : 0, "{connection}",
            "1 while the gateway has a connection to Redis, else 0.");
        meter.CreateObservableGauge("modelgateway.redis.stalled", () => connection.StalledFor is null ? 0 : 1, "{connection}",
            "1 while Redis keeps commands waiting without any reply for Redis:StallTimeout or longer (new commands then fail at once), else 0.");
    }
}
