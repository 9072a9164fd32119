using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelGateway.Redis;

namespace ModelGateway.Tests.Redis;

/// <summary>The Redis client as the gateway gets it: through AddModelGatewayRedis, with its logs captured.</summary>
sealed class RedisClientUnderTest : IAsyncDisposable
{
    readonly ServiceProvider _services;

    RedisClientUnderTest(ServiceProvider services, CapturedLogs logs)
    {
        _services = services;
        Logs = logs;
        Redis = services.GetRequiredService<IRedisConnection>();
        Cache = services.GetRequiredService<IDistributedCache>();
    }

    public IRedisConnection Redis { get; }
    public IDistributedCache Cache { get; }
    public CapturedLogs Logs { get; }

    /// <summary>Fast timeouts and reconnects by default, so fault tests finish in a few seconds.</summary>
    /// <param name="completeInline">
    /// Whether replies continue their callers on the reader's thread, as in a gateway with inline I/O completions (its
    /// default); unset, the test process's own setting applies (off: the thread pool).
    /// </param>
    public static RedisClientUnderTest Create(string endpoint, IDictionary<string, string?>? settings = null, bool? completeInline = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Redis:Endpoint"] = endpoint,
            ["Redis:ConnectTimeout"] = "00:00:02",
            ["Redis:CommandTimeout"] = "00:00:02",
            ["Redis:ReconnectMinDelay"] = "00:00:00.050",
            ["Redis:ReconnectMaxDelay"] = "00:00:00.250",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        var logs = new CapturedLogs();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        if (completeInline is { } inline)
            services.AddSingleton(sp => new RedisConnection(sp.GetRequiredService<IOptions<RedisOptions>>(),
                sp.GetRequiredService<ILogger<RedisConnection>>(), TimeProvider.System, inline));
        var provider = services
            .AddModelGatewayRedis(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new RedisClientUnderTest(provider, logs);
    }

    /// <summary>Polls PING until it succeeds (bounded), for tests that wait for a reconnect.</summary>
    public async Task WaitUntilPingSucceedsAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            try
            {
                await Redis.PingAsync();
                return;
            }
            catch (RedisException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>Polls until the client has noticed that the connection is gone (bounded).</summary>
    public async Task WaitUntilDisconnectedAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (Redis.IsConnected)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"The client did not notice the lost connection within {within}.");
            await Task.Delay(20);
        }
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
