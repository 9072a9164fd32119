using ModelGateway.Redis;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Redis;

/// <summary>AUTH on a password-protected redis-server, and the password kept out of logs and messages.</summary>
public class RedisAuthenticationTests
{
    const string Password = "s3cret-Pa55word-7f1c";
    RedisServerProcess _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await RedisServerProcess.StartAsync(password: Password);

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task RightPassword_Authenticates()
    {
        await using var client = RedisClientUnderTest.Create(_server.Endpoint, new Dictionary<string, string?> { ["Redis:Password"] = Password });
        await client.Redis.SetAsync("auth-ok", "yes");
        Assert.That(await client.Redis.GetStringAsync("auth-ok"), Is.EqualTo("yes"));
    }

    [Test]
    public async Task AclUserAndPassword_Authenticates()
    {
        await using var admin = RedisClientUnderTest.Create(_server.Endpoint, new Dictionary<string, string?> { ["Redis:Password"] = Password });
        await admin.Redis.ExecuteAsync("ACL", "SETUSER", "gateway", "on", ">gw-pass-91", "~mg:*", "+@all");
        await using var client = RedisClientUnderTest.Create(_server.Endpoint,
            new Dictionary<string, string?> { ["Redis:User"] = "gateway", ["Redis:Password"] = "gw-pass-91" });

        await client.Redis.SetAsync("mg:acl", "allowed");
        Assert.That(await client.Redis.GetStringAsync("mg:acl"), Is.EqualTo("allowed"));
        var denied = Assert.ThrowsAsync<RedisServerException>(() => client.Redis.SetAsync("other:acl", "x"));
        Assert.That(denied!.ErrorCode, Is.EqualTo("NOPERM"), "the session runs as the ACL user, not as default");
    }

    [Test]
    public async Task WrongPassword_FailsClearly_WithoutThePasswordAnywhere()
    {
        const string wrong = "wrong-Pa55word-0b2e";
        await using var client = RedisClientUnderTest.Create(_server.Endpoint, new Dictionary<string, string?> { ["Redis:Password"] = wrong });

        var error = Assert.ThrowsAsync<RedisUnavailableException>(() => client.Redis.PingAsync());
        Assert.That(error!.Message, Does.Contain("authentication").And.Contain("WRONGPASS"));
        Assert.That(error.ToString(), Does.Not.Contain(wrong));
        Assert.That(client.Redis.GetStatus().LastError, Does.Not.Contain(wrong));
        Assert.That(client.Logs.Entries.Any(e => e.Text.Contains("WRONGPASS")), Is.True, "the refusal is logged");
        Assert.That(client.Logs.AllText, Does.Not.Contain(wrong));
    }

    [Test]
    public async Task NoPassword_OnAProtectedServer_SaysWhichSettingIsMissing()
    {
        await using var client = RedisClientUnderTest.Create(_server.Endpoint);
        var error = Assert.ThrowsAsync<RedisUnavailableException>(() => client.Redis.PingAsync());
        Assert.That(error!.Message, Does.Contain("NOAUTH").And.Contain("Redis:Password"));
    }

    [Test]
    public async Task PasswordNeverReachesLogsOrErrors_ThroughConnectOutageAndReconnect()
    {
        await using var server = await RedisServerProcess.StartAsync(password: Password);
        await using var client = RedisClientUnderTest.Create(server.Endpoint, new Dictionary<string, string?> { ["Redis:Password"] = Password });
        var errors = new List<Exception>();

        await client.Redis.PingAsync();
        await server.StopAsync();
        await client.WaitUntilDisconnectedAsync(TimeSpan.FromSeconds(5));
        try { await client.Redis.PingAsync(); } catch (RedisException ex) { errors.Add(ex); }
        await Task.Delay(400); // a few failed reconnect attempts get logged meanwhile
        await server.StartAgainAsync();
        await client.WaitUntilPingSucceedsAsync(TimeSpan.FromSeconds(10));

        var logs = client.Logs.AllText;
        Assert.That(logs, Does.Contain("Connected to Redis").And.Contain("Lost the connection").And.Contain("Reconnected"),
            "the test must have produced the connection logs it inspects");
        Assert.That(logs, Does.Not.Contain(Password));
        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0].ToString(), Does.Not.Contain(Password));
        Assert.That(client.Redis.GetStatus().ToString(), Does.Not.Contain(Password));
    }
}
