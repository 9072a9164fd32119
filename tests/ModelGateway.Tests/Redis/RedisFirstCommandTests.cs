using ModelGateway.Redis;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Redis;

/// <summary>
/// The first command of a fresh client waits for the first connection and then runs on it: a gateway's first
/// requests after start (a stored response read, a budget check) must not fail because the connection, though made,
/// was not yet in place when they looked for it (a fresh-clone CI run saw a stored response answered 503 that way).
/// </summary>
[NonParallelizable]
public class RedisFirstCommandTests
{
    /// <summary>Runs every continuation posted to it at once, on the posting thread: the earliest a waiter can resume.</summary>
    sealed class ResumeAtOnceContext : SynchronizationContext
    {
        public override void Post(SendOrPostCallback callback, object? state) => callback(state);
    }

    [Test]
    public async Task TheFirstCommand_RunsOnTheConnectionItWaitedFor()
    {
        await using var server = await RedisServerProcess.StartAsync();
        await using var client = RedisClientUnderTest.Create(server.Endpoint);

        // The waiter resumes inside the connecting thread's signal that the first attempt is over, before anything
        // that thread does after it: the connection must already be in place by then.
        Task ping;
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(new ResumeAtOnceContext());
        try
        {
            ping = client.Redis.PingAsync();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        Assert.That(async () => await ping, Throws.Nothing);
    }
}
