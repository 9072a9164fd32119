using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ModelGateway.Redis;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Redis;

/// <summary>AddModelGatewayRedis: start-up validation, optional registration, lazy connection.</summary>
public class RedisRegistrationTests
{
    static IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddModelGatewayRedis(builder.Configuration);
        return builder.Build();
    }

    [TestCase("Endpoint", "localhost:notaport", "Redis:Endpoint")]
    [TestCase("Endpoint", "127.0.0.1:70000", "Redis:Endpoint")]
    [TestCase("Endpoint", "redis://user:pw@host:6379", "Redis:Endpoint")]
    [TestCase("Database", "-1", "Redis:Database")]
    [TestCase("CommandTimeout", "-00:00:01", "Redis:CommandTimeout")]
    [TestCase("ReconnectMinDelay", "00:01:00", "Redis:ReconnectMaxDelay")]
    [TestCase("User", "gateway", "Redis:Password")]
    public void InvalidSetting_FailsStartup_NamingTheKey(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?> { ["Redis:Endpoint"] = "127.0.0.1:6379", [$"Redis:{key}"] = value };
        using var host = BuildHost(settings);
        var error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.That(error!.Message, Does.Contain(named));
        Assert.That(error.Message, Does.Not.Contain("pw@"), "the configured value is not echoed");
    }

    [Test]
    public async Task NoEndpoint_RegistersNoConnection_AndStarts()
    {
        using var host = BuildHost(new Dictionary<string, string?>());
        await host.StartAsync();
        Assert.That(host.Services.GetService<IRedisConnection>(), Is.Null);
        Assert.That(host.Services.GetRequiredService<IOptions<RedisOptions>>().Value.IsConfigured, Is.False);
        await host.StopAsync();
    }

    [Test]
    public async Task RedisDown_HostStillStarts_AndTheConnectionIsNotTriedUntilUsed()
    {
        var port = FreePort.Next();
        using var host = BuildHost(new Dictionary<string, string?> { ["Redis:Endpoint"] = $"127.0.0.1:{port}" });
        await host.StartAsync();
        var redis = host.Services.GetRequiredService<IRedisConnection>();
        Assert.That(host.Services.GetRequiredService<IDistributedCache>(), Is.TypeOf<RedisDistributedCache>());
        Assert.That(redis.GetStatus().ConnectFailures, Is.Zero, "nothing connects at start-up");
        Assert.That(redis.IsConnected, Is.False);

        Assert.ThrowsAsync<RedisUnavailableException>(() => redis.PingAsync());
        Assert.That(redis.GetStatus().ConnectFailures, Is.EqualTo(1));
        await host.StopAsync();
    }

    [Test]
    public void ReconnectDelay_GrowsExponentially_WithJitter_WithinTheBounds()
    {
        var min = TimeSpan.FromMilliseconds(100);
        var max = TimeSpan.FromSeconds(5);
        var random = new Random(1);
        var delays = Enumerable.Range(0, 12).Select(a => RedisReconnectDelay.For(a, min, max, random)).ToArray();
        Assert.That(delays, Has.All.InRange(min, max));
        Assert.That(delays[0], Is.LessThanOrEqualTo(min));
        Assert.That(delays[4], Is.InRange(TimeSpan.FromMilliseconds(800), TimeSpan.FromMilliseconds(1600)));
        Assert.That(delays[11], Is.GreaterThanOrEqualTo(max / 2));
        var jittered = Enumerable.Range(0, 20).Select(_ => RedisReconnectDelay.For(8, min, max, random)).Distinct().Count();
        Assert.That(jittered, Is.GreaterThan(1), "the same attempt gets different delays");
    }
}
