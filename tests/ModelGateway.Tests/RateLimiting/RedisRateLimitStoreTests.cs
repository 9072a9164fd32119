using System.Diagnostics;
using ModelGateway.RateLimiting;
using ModelGateway.Tests.Fixtures;
using ModelGateway.Tests.Redis;

namespace ModelGateway.Tests.RateLimiting;

/// <summary>The shared request budget's script against a real redis-server: what a refused client is told to wait.</summary>
public class RedisRateLimitStoreTests
{
    [Test]
    public async Task AfterTheLimitWasLowered_RetryAfterWaitsUntilEnoughHaveLeft_NotJustTheOldest()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var client = RedisClientUnderTest.Create(server.Endpoint);
        var store = new RedisRateLimitStore(client.Redis, () => "test:");

        // Ten admissions about 100 ms apart under a limit of 10.
        var sinceFirst = Stopwatch.StartNew();
        for (var i = 0; i < 10; i++)
        {
            Assert.That((await store.AcquireRequestAsync("team", 10, CancellationToken.None)).Outcome, Is.EqualTo(RateLimitOutcome.Allowed));
            await Task.Delay(100);
        }

        // Lowered to 3: the 8th admission (at least 700 ms after the first) must leave, not just the first.
        var refused = await store.AcquireRequestAsync("team", 3, CancellationToken.None);
        var whenTheOldestLeaves = RateLimitOptions.Window - sinceFirst.Elapsed;
        Assert.That(refused.Outcome, Is.EqualTo(RateLimitOutcome.Limited));
        Assert.That(refused.RetryAfter, Is.GreaterThan(whenTheOldestLeaves + TimeSpan.FromMilliseconds(500)).And.LessThan(RateLimitOptions.Window));
    }
}
