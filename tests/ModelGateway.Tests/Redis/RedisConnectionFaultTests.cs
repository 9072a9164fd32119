using ModelGateway.Redis;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Redis;

/// <summary>Timeouts, outages and restarts of a real redis-server.</summary>
public class RedisConnectionFaultTests
{
    [Test]
    public async Task CommandTimeout_FailsTheCaller_AndTheLateReplyIsDiscarded()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var client = RedisClientUnderTest.Create(server.Endpoint, new Dictionary<string, string?> { ["Redis:CommandTimeout"] = "00:00:00.200" });
        var redis = client.Redis;
        await redis.SetAsync("k", "the value of k");

        // DEBUG SLEEP stalls the whole server for 0.7 s: longer than the command timeout.
        var timeout = Assert.ThrowsAsync<RedisTimeoutException>(() => redis.ExecuteAsync("DEBUG", "SLEEP", "0.7"));
        Assert.That(timeout!.Message, Does.Contain("DEBUG").And.Contain("200 ms").And.Contain("Redis:CommandTimeout"));

        // The "+OK" of DEBUG SLEEP arrives after the timeout; the reply to GET must still be GET's own.
        await client.WaitUntilPingSucceedsAsync(TimeSpan.FromSeconds(5));
        Assert.That(await redis.GetStringAsync("k"), Is.EqualTo("the value of k"));
        var status = redis.GetStatus();
        Assert.That((status.ConnectionsOpened, status.Disconnections), Is.EqualTo((1L, 0L)), "a timeout does not cost the connection");
        Assert.That(status.CommandsTimedOut, Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public async Task ServerStopped_CommandsFailAtOnce_WithUnavailable()
    {
        await using var server = await RedisServerProcess.StartAsync();
        // A long command timeout: failing with RedisTimeoutException would mean the command waited instead of failing fast.
        await using var client = RedisClientUnderTest.Create(server.Endpoint, new Dictionary<string, string?> { ["Redis:CommandTimeout"] = "00:00:30" });
        var redis = client.Redis;
        await redis.PingAsync();

        var inFlight = redis.ExecuteAsync("DEBUG", "SLEEP", "5");
        await Task.Delay(100);
        await server.StopAsync();

        var lost = Assert.ThrowsAsync<RedisUnavailableException>(async () => await inFlight);
        Assert.That(lost!.Message, Does.Contain(server.Endpoint));
        await client.WaitUntilDisconnectedAsync(TimeSpan.FromSeconds(5));

        for (var i = 0; i < 3; i++)
            Assert.ThrowsAsync<RedisUnavailableException>(() => redis.GetAsync("k"));
        var status = redis.GetStatus();
        Assert.That(status.IsConnected, Is.False);
        Assert.That(status.LastError, Is.Not.Null.And.Not.Empty);
        Assert.That(status.Disconnections, Is.EqualTo(1));
        Assert.That(client.Logs.Entries.Any(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Text.Contains("Lost the connection")), Is.True,
            "the disconnect is logged as a warning");
    }

    [Test]
    public async Task ServerRestarted_ClientReconnectsByItself_AndReloadsScripts()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var client = RedisClientUnderTest.Create(server.Endpoint);
        var redis = client.Redis;
        var script = new RedisScript("return redis.call('INCRBY', KEYS[1], ARGV[1])");
        Assert.That((await redis.EvaluateAsync(script, ["hits"], [1])).AsInt64(), Is.EqualTo(1));

        await server.StopAsync();
        await client.WaitUntilDisconnectedAsync(TimeSpan.FromSeconds(5));
        Assert.ThrowsAsync<RedisUnavailableException>(() => redis.PingAsync());
        await server.StartAgainAsync();

        await client.WaitUntilPingSucceedsAsync(TimeSpan.FromSeconds(10));
        Assert.That(redis.IsConnected, Is.True);
        // The restarted server has an empty script cache: NOSCRIPT, then SCRIPT LOAD, transparently.
        Assert.That((await redis.EvaluateAsync(script, ["hits"], [1])).AsInt64(), Is.EqualTo(1));
        Assert.That(redis.GetStatus().ConnectionsOpened, Is.EqualTo(2));
        Assert.That(client.Logs.AllText, Does.Contain("Reconnected to Redis at " + server.Endpoint));
    }

    [Test]
    public async Task NothingListening_FirstCommandFailsWithUnavailable()
    {
        var port = FreePort.Next();
        await using var client = RedisClientUnderTest.Create($"127.0.0.1:{port}");
        var unavailable = Assert.ThrowsAsync<RedisUnavailableException>(() => client.Redis.PingAsync());
        Assert.That(unavailable!.Message, Does.Contain($"127.0.0.1:{port}").And.Contain("unavailable"));
        Assert.That(client.Redis.GetStatus().ConnectFailures, Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public async Task SelectDatabase_KeepsKeysApart()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var db0 = RedisClientUnderTest.Create(server.Endpoint);
        await using var db3 = RedisClientUnderTest.Create(server.Endpoint, new Dictionary<string, string?> { ["Redis:Database"] = "3" });

        await db0.Redis.SetAsync("shared-name", "in zero");
        Assert.That(await db3.Redis.GetAsync("shared-name"), Is.Null);
        await db3.Redis.SetAsync("shared-name", "in three");
        Assert.That(await db0.Redis.GetStringAsync("shared-name"), Is.EqualTo("in zero"));
        Assert.That(await db3.Redis.GetStringAsync("shared-name"), Is.EqualTo("in three"));
    }

    [Test]
    public async Task SelectDatabase_IsRestoredAfterAReconnect()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var db3 = RedisClientUnderTest.Create(server.Endpoint, new Dictionary<string, string?> { ["Redis:Database"] = "3" });
        await db3.Redis.PingAsync();
        await server.StopAsync();
        await db3.WaitUntilDisconnectedAsync(TimeSpan.FromSeconds(5));
        await server.StartAgainAsync();
        await db3.WaitUntilPingSucceedsAsync(TimeSpan.FromSeconds(10));

        await db3.Redis.SetAsync("where", "three");
        await using var db0 = RedisClientUnderTest.Create(server.Endpoint);
        Assert.That(await db0.Redis.GetAsync("where"), Is.Null);
        Assert.That((await db0.Redis.ExecuteAsync("SELECT", 3)).AsString(), Is.EqualTo("OK"));
        Assert.That(await db0.Redis.GetStringAsync("where"), Is.EqualTo("three"));
    }
}
