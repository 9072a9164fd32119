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
    public async Task ServerStalled_NewCommandsFailAtOnce_UntilItAnswersAgain()
    {
        await using var server = await RedisServerProcess.StartAsync();
        // A long command timeout: a command that queued behind the stall would wait for the sleep and succeed.
        await using var client = RedisClientUnderTest.Create(server.Endpoint, new Dictionary<string, string?>
        {
            ["Redis:CommandTimeout"] = "00:00:30",
            ["Redis:StallTimeout"] = "00:00:00.200",
        });
        var redis = client.Redis;
        await redis.SetAsync("k", "the value of k");

        // DEBUG SLEEP holds the whole server with the connection up, as an overloaded or stopped Redis does.
        var sleeping = redis.ExecuteAsync("DEBUG", "SLEEP", "3");
        await Task.Delay(500);
        var refused = Assert.ThrowsAsync<RedisUnavailableException>(() => redis.GetAsync("k"));
        Assert.That(refused!.Message, Does.Contain("has not answered").And.Contain("Redis:StallTimeout"));

        // Once it answers, commands flow again on the same connection, each with its own reply.
        Assert.That((await sleeping).AsString(), Is.EqualTo("OK"));
        Assert.That(await redis.GetStringAsync("k"), Is.EqualTo("the value of k"));
        var status = redis.GetStatus();
        Assert.That((status.ConnectionsOpened, status.Disconnections), Is.EqualTo((1L, 0L)), "a stall does not cost the connection");
        Assert.That(status.CommandsFailed, Is.EqualTo(1));
    }

    [Test]
    public async Task ServerFrozen_LargeWritesStopQueueingInMemory()
    {
        await using var server = await RedisServerProcess.StartAsync();
        // A stall timeout longer than the test: only the bound on unsent bytes can stop the queue growing.
        await using var client = RedisClientUnderTest.Create(server.Endpoint, new Dictionary<string, string?>
        {
            ["Redis:CommandTimeout"] = "00:00:30",
            ["Redis:StallTimeout"] = "00:01:00",
        });
        var redis = client.Redis;
        await redis.PingAsync();
        server.Freeze();
        try
        {
            var value = new byte[1024 * 1024];
            var writes = new List<Task>();
            RedisUnavailableException? refused = null;
            // 64 MB of writes at most; the socket buffers take a few, then the unsent bytes reach their bound.
            for (var i = 0; i < 64 && refused is null; i++)
            {
                var write = redis.ExecuteAsync("SET", "big:" + i, value);
                if (write.IsFaulted) refused = write.Exception!.InnerException as RedisUnavailableException;
                else writes.Add(write);
            }
            Assert.That(refused, Is.Not.Null, "64 MB of writes were all queued for a server that reads nothing");
            Assert.That(refused!.Message, Does.Contain("is not reading"));
            Assert.That(writes, Has.Count.LessThan(40), "at most the bound (16 MB) plus what the socket buffers hold waits");
        }
        finally
        {
            server.Thaw();
        }
        await client.WaitUntilPingSucceedsAsync(TimeSpan.FromSeconds(30));
        Assert.That(await redis.GetAsync("big:0"), Has.Length.EqualTo(1024 * 1024), "the writes queued before the bound were delivered");
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
