using System.Text;
using Microsoft.Extensions.Caching.Distributed;
using ModelGateway.Redis;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Redis;

/// <summary>The IDistributedCache contract on a real redis-server; TTLs are read back with PTTL instead of waiting them out.</summary>
public class RedisDistributedCacheTests
{
    RedisServerProcess _server = null!;
    RedisClientUnderTest _client = null!;
    IDistributedCache Cache => _client.Cache;
    IRedisConnection Redis => _client.Redis;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _server = await RedisServerProcess.StartAsync();
        _client = RedisClientUnderTest.Create(_server.Endpoint, new Dictionary<string, string?> { ["Redis:KeyPrefix"] = "gw1:" });
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        try { await _client.DisposeAsync(); }
        finally { await _server.DisposeAsync(); }
    }

    static string NewKey() => Guid.NewGuid().ToString("N");

    Task<long> PttlAsync(string cacheKey) => Redis.ExecuteAsync("PTTL", "gw1:cache:" + cacheKey).ContinueWith(t => t.Result.AsInt64());

    [Test]
    public void RegisteredCache_IsTheRedisOne() => Assert.That(Cache, Is.TypeOf<RedisDistributedCache>());

    [Test]
    public async Task SetGetRemove_RoundTripBinaryValue_UnderThePrefixedKey()
    {
        var key = NewKey();
        var value = new byte[] { 0, 13, 10, 255, 1 };
        await Cache.SetAsync(key, value, new DistributedCacheEntryOptions());
        Assert.That(await Cache.GetAsync(key), Is.EqualTo(value));
        Assert.That((await Redis.ExecuteAsync("EXISTS", "gw1:cache:" + key)).AsInt64(), Is.EqualTo(1), "stored under KeyPrefix + 'cache:'");
        Assert.That(await PttlAsync(key), Is.EqualTo(-1), "no expiration requested, none set");

        await Cache.RemoveAsync(key);
        Assert.That(await Cache.GetAsync(key), Is.Null);
    }

    [Test]
    public void SyncMethods_WorkToo()
    {
        var key = NewKey();
        Cache.Set(key, "sync"u8.ToArray(), new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(1) });
        Assert.That(Cache.Get(key), Is.EqualTo("sync"u8.ToArray()));
        Cache.Refresh(key);
        Cache.Remove(key);
        Assert.That(Cache.Get(key), Is.Null);
    }

    [Test]
    public async Task SetAgain_ReplacesValueAndExpiration()
    {
        var key = NewKey();
        await Cache.SetAsync(key, "old"u8.ToArray(), new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(30) });
        await Cache.SetAsync(key, "new"u8.ToArray(), new DistributedCacheEntryOptions());
        Assert.That(await Cache.GetAsync(key), Is.EqualTo("new"u8.ToArray()));
        Assert.That(await PttlAsync(key), Is.EqualTo(-1));
    }

    [Test]
    public async Task AbsoluteExpiration_RemovesTheEntryWhenDue()
    {
        var key = NewKey();
        await Cache.SetAsync(key, "short"u8.ToArray(), new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMilliseconds(300) });
        Assert.That(await Cache.GetAsync(key), Is.Not.Null);
        await Task.Delay(600);
        Assert.That(await Cache.GetAsync(key), Is.Null);

        var dated = NewKey();
        await Cache.SetAsync(dated, "v"u8.ToArray(), new DistributedCacheEntryOptions { AbsoluteExpiration = DateTimeOffset.UtcNow.AddSeconds(40) });
        Assert.That(await PttlAsync(dated), Is.InRange(35_000, 40_000));
    }

    [Test]
    public void AbsoluteExpirationInThePast_IsRejected()
    {
        var options = new DistributedCacheEntryOptions { AbsoluteExpiration = DateTimeOffset.UtcNow.AddMinutes(-1) };
        Assert.That(() => Cache.SetAsync(NewKey(), [1], options), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public async Task SlidingExpiration_IsPushedBackByGetAndRefresh()
    {
        var key = NewKey();
        await Cache.SetAsync(key, "slide"u8.ToArray(), new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromSeconds(50) });
        Assert.That(await PttlAsync(key), Is.InRange(45_000, 50_000));

        await Redis.ExpireAsync("gw1:cache:" + key, TimeSpan.FromSeconds(5)); // as if 45 s had passed
        Assert.That(await Cache.GetAsync(key), Is.EqualTo("slide"u8.ToArray()));
        Assert.That(await PttlAsync(key), Is.InRange(45_000, 50_000), "Get slides the window");

        await Redis.ExpireAsync("gw1:cache:" + key, TimeSpan.FromSeconds(5));
        await Cache.RefreshAsync(key);
        Assert.That(await PttlAsync(key), Is.InRange(45_000, 50_000), "Refresh slides the window");
    }

    [Test]
    public async Task SlidingExpiration_NeverOutlivesTheAbsoluteOne()
    {
        var key = NewKey();
        await Cache.SetAsync(key, "both"u8.ToArray(), new DistributedCacheEntryOptions
        {
            SlidingExpiration = TimeSpan.FromSeconds(50),
            AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(20),
        });
        Assert.That(await PttlAsync(key), Is.InRange(15_000, 20_000));
        await Cache.GetAsync(key);
        Assert.That(await PttlAsync(key), Is.InRange(15_000, 20_000), "the refresh is capped at the absolute expiration");
    }

    [Test]
    public async Task SlidingExpiration_LapsesWithoutReads()
    {
        var key = NewKey();
        await Cache.SetAsync(key, "idle"u8.ToArray(), new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMilliseconds(300) });
        await Task.Delay(150);
        Assert.That(await Cache.GetAsync(key), Is.Not.Null);
        await Task.Delay(150);
        Assert.That(await Cache.GetAsync(key), Is.Not.Null, "read within the window each time: still there after 300 ms");
        await Task.Delay(600);
        Assert.That(await Cache.GetAsync(key), Is.Null);
    }

    [Test]
    public async Task RefreshOrGet_OfAMissingEntry_DoesNothing()
    {
        var key = NewKey();
        await Cache.RefreshAsync(key);
        Assert.That(await Cache.GetAsync(key), Is.Null);
        Assert.That((await Redis.ExecuteAsync("EXISTS", "gw1:cache:" + key)).AsInt64(), Is.Zero);
    }

    [Test]
    public async Task ServerDown_CacheCallsThrowRedisException()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var client = RedisClientUnderTest.Create(server.Endpoint);
        await client.Cache.SetAsync("k", Encoding.UTF8.GetBytes("v"), new DistributedCacheEntryOptions());
        await server.StopAsync();
        await client.WaitUntilDisconnectedAsync(TimeSpan.FromSeconds(5));
        Assert.That(() => client.Cache.GetAsync("k"), Throws.InstanceOf<RedisException>());
    }
}
