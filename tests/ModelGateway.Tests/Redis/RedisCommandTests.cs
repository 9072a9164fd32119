using System.Text;
using ModelGateway.Redis;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Redis;

/// <summary>
/// Each typed command against one real redis-server, through one client: with replies continuing their callers on the
/// reader's thread (the gateway's default) and on the thread pool.
/// </summary>
[TestFixture(true)]
[TestFixture(false)]
public class RedisCommandTests(bool completeInline)
{
    RedisServerProcess _server = null!;
    RedisClientUnderTest _client = null!;
    IRedisConnection Redis => _client.Redis;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _server = await RedisServerProcess.StartAsync();
        _client = RedisClientUnderTest.Create(_server.Endpoint, completeInline: completeInline);
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        try { await _client.DisposeAsync(); }
        finally { await _server.DisposeAsync(); }
    }

    static string NewKey() => "test:" + Guid.NewGuid().ToString("N");

    /// <summary>
    /// Awaits the failure instead of blocking on it as Assert.ThrowsAsync does: with inline completion the test goes on
    /// on the reader's thread, and blocking that thread would hold up the very reply being waited for.
    /// </summary>
    static async Task<T> FailureOf<T>(Func<Task> call) where T : Exception
    {
        try
        {
            await call();
        }
        catch (T expected)
        {
            return expected;
        }
        throw new AssertionException($"expected {typeof(T).Name}, but the call succeeded");
    }

    [Test]
    public async Task Ping_AnswersAndReportsConnected()
    {
        var latency = await Redis.PingAsync();
        Assert.That(latency, Is.GreaterThan(TimeSpan.Zero));
        Assert.That(Redis.IsConnected, Is.True);
        Assert.That(Redis.GetStatus().ConnectionsOpened, Is.EqualTo(1));
    }

    [Test]
    public async Task SetThenGet_ReturnsTheValue_AndMissingKeyIsNull()
    {
        var key = NewKey();
        Assert.That(await Redis.SetAsync(key, "héllo"), Is.True);
        Assert.That(await Redis.GetStringAsync(key), Is.EqualTo("héllo"));
        Assert.That(await Redis.GetAsync(NewKey()), Is.Null);
    }

    [Test]
    public async Task SetWithExpiry_GivesTheKeyThatTtl()
    {
        var key = NewKey();
        await Redis.SetAsync(key, "v", expiry: TimeSpan.FromSeconds(30));
        var ttl = (await Redis.ExecuteAsync("PTTL", key)).AsInt64();
        Assert.That(ttl, Is.InRange(25_000, 30_000));
    }

    [Test]
    public async Task SetIfNotExists_DoesNotOverwrite_SetIfExists_DoesNotCreate()
    {
        var key = NewKey();
        Assert.That(await Redis.SetAsync(key, "first", condition: RedisSetCondition.IfNotExists), Is.True);
        Assert.That(await Redis.SetAsync(key, "second", condition: RedisSetCondition.IfNotExists), Is.False);
        Assert.That(await Redis.GetStringAsync(key), Is.EqualTo("first"));

        var absent = NewKey();
        Assert.That(await Redis.SetAsync(absent, "x", condition: RedisSetCondition.IfExists), Is.False);
        Assert.That(await Redis.GetAsync(absent), Is.Null);
    }

    [Test]
    public async Task Delete_CountsTheKeysThatExisted()
    {
        var (a, b) = (NewKey(), NewKey());
        await Redis.SetAsync(a, "1");
        await Redis.SetAsync(b, "2");
        Assert.That(await Redis.DeleteAsync([a, b, NewKey()]), Is.EqualTo(2));
        Assert.That(await Redis.GetAsync(a), Is.Null);
        Assert.That(await Redis.DeleteAsync(a), Is.Zero);
    }

    [Test]
    public async Task Expire_SetsTheTtl_AndIsFalseForAMissingKey()
    {
        var key = NewKey();
        await Redis.SetAsync(key, "v");
        Assert.That(await Redis.ExpireAsync(key, TimeSpan.FromSeconds(20)), Is.True);
        Assert.That((await Redis.ExecuteAsync("PTTL", key)).AsInt64(), Is.InRange(15_000, 20_000));
        Assert.That(await Redis.ExpireAsync(NewKey(), TimeSpan.FromSeconds(20)), Is.False);
    }

    [Test]
    public async Task IncrementBy_AddsToTheCounter()
    {
        var key = NewKey();
        Assert.That(await Redis.IncrementAsync(key, 5), Is.EqualTo(5));
        Assert.That(await Redis.IncrementAsync(key, -2), Is.EqualTo(3));
        Assert.That(await Redis.IncrementAsync(key), Is.EqualTo(4));
    }

    [Test]
    public async Task ErrorReply_ThrowsWithTheServerMessage_AndTheConnectionCarriesOn()
    {
        var key = NewKey();
        await Redis.SetAsync(key, "not a number");
        var error = await FailureOf<RedisServerException>(() => Redis.IncrementAsync(key));
        Assert.That(error!.ErrorCode, Is.EqualTo("ERR"));
        Assert.That(error.Message, Does.Contain("not an integer"));
        Assert.That(await Redis.GetStringAsync(key), Is.EqualTo("not a number"));
    }

    [Test]
    public async Task BinaryValues_WithCrLfNulAndEveryByte_RoundTripUnchanged()
    {
        var everyByte = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var tricky = "\r\n\0$5\r\n*1\r\n"u8.ToArray();
        var large = new byte[3 * 1024 * 1024 + 7]; // arrives over many socket reads
        new Random(7).NextBytes(large);
        foreach (var value in new[] { everyByte, tricky, large, [] })
        {
            var key = NewKey();
            await Redis.SetAsync(key, value);
            Assert.That(await Redis.GetAsync(key), Is.EqualTo(value), $"value of {value.Length} bytes");
        }
        var binaryKey = new byte[] { 0, 13, 10, 255, 36 };
        await Redis.SetAsync(binaryKey, "under a binary key");
        Assert.That(await Redis.GetStringAsync(binaryKey), Is.EqualTo("under a binary key"));
        await Redis.DeleteAsync(binaryKey);
    }

    [Test]
    public async Task ThousandConcurrentCommands_OnOneConnection_EachGetItsOwnReply()
    {
        var prefix = NewKey();
        await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => Redis.SetAsync($"{prefix}:{i}", $"value-{i}")));

        // Mixed commands, all in flight at once: any mismatch of the reply order shows up as a wrong value or type.
        var gets = Enumerable.Range(0, 1000).Select(async i => (i, await Redis.GetStringAsync($"{prefix}:{i}"))).ToArray();
        var echoes = Enumerable.Range(0, 1000).Select(async i => (i, (await Redis.ExecuteAsync("ECHO", $"echo-{i}")).AsString())).ToArray();
        var counts = Enumerable.Range(0, 1000).Select(async i => (i, await Redis.IncrementAsync($"{prefix}:n{i}", i))).ToArray();
        await Task.WhenAll(gets.Concat<Task>(echoes).Concat(counts));

        Assert.Multiple(() =>
        {
            foreach (var t in gets) Assert.That(t.Result.Item2, Is.EqualTo($"value-{t.Result.i}"));
            foreach (var t in echoes) Assert.That(t.Result.Item2, Is.EqualTo($"echo-{t.Result.i}"));
            foreach (var t in counts) Assert.That(t.Result.Item2, Is.EqualTo(t.Result.i));
        });
        var clients = (await Redis.ExecuteAsync("CLIENT", "LIST")).AsString()!;
        Assert.That(clients.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(1), "one socket for everything");
        Assert.That(Redis.GetStatus().ConnectionsOpened, Is.EqualTo(1));
    }

    [Test]
    public async Task Evaluate_ReturnsNestedArraysFromLua()
    {
        var script = new RedisScript("return {1, {KEYS[1], ARGV[1], {}}, 'end', {false}}");
        var reply = await Redis.EvaluateAsync(script, ["the-key"], [new byte[] { 0, 1, 2 }]);
        Assert.That(reply.Elements, Has.Count.EqualTo(4));
        Assert.That(reply.Elements[0].AsInt64(), Is.EqualTo(1));
        var inner = reply.Elements[1].Elements;
        Assert.That(inner[0].AsString(), Is.EqualTo("the-key"));
        Assert.That(inner[1].ToArray(), Is.EqualTo(new byte[] { 0, 1, 2 }));
        Assert.That(inner[2].Elements, Is.Empty);
        Assert.That(reply.Elements[2].AsString(), Is.EqualTo("end"));
        Assert.That(reply.Elements[3].Elements[0].IsNull, Is.True, "Lua false becomes a null bulk string");
    }

    [Test]
    public async Task Evaluate_AfterScriptFlush_LoadsTheScriptAgain()
    {
        var key = NewKey();
        var script = new RedisScript("return redis.call('INCRBY', KEYS[1], ARGV[1])");
        Assert.That((await Redis.EvaluateAsync(script, [key], [2])).AsInt64(), Is.EqualTo(2));
        await Redis.ExecuteAsync("SCRIPT", "FLUSH");
        Assert.That((await Redis.ExecuteAsync("SCRIPT", "EXISTS", script.Sha1)).Elements[0].AsInt64(), Is.Zero);

        Assert.That((await Redis.EvaluateAsync(script, [key], [3])).AsInt64(), Is.EqualTo(5));
        Assert.That((await Redis.ExecuteAsync("SCRIPT", "EXISTS", script.Sha1)).Elements[0].AsInt64(), Is.EqualTo(1));
    }

    [Test]
    public async Task Evaluate_ScriptError_SurfacesTheLuaMessage()
    {
        var script = new RedisScript("return redis.error_reply('LIMIT exceeded for ' .. KEYS[1])");
        var error = await FailureOf<RedisServerException>(() => Redis.EvaluateAsync(script, ["k1"], []));
        Assert.That(error!.Message, Does.StartWith("LIMIT exceeded for k1"));
    }

    [Test]
    public void RedisScript_Sha1_IsWhatRedisComputes()
    {
        // SHA1("return 1"), as SCRIPT LOAD answers for it.
        Assert.That(new RedisScript("return 1").Sha1, Is.EqualTo("e0e1f9fabfc9d4800c877a703b823ac0578ff8db"));
    }

    [Test]
    public async Task CancelledCommand_ThrowsCancellation_AndTheNextCommandGetsItsOwnReply()
    {
        var key = NewKey();
        await Redis.SetAsync(key, "mine");
        using var cancel = new CancellationTokenSource();
        // BLPOP on an empty list blocks server-side for 1 s; cancel it long before.
        var blocked = Redis.ExecuteAsync("BLPOP", [NewKey(), 1], cancel.Token);
        cancel.CancelAfter(50);
        Assert.That(async () => await blocked, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(await Redis.GetStringAsync(key), Is.EqualTo("mine"), "the late BLPOP reply must not be taken for this one");
    }
}
