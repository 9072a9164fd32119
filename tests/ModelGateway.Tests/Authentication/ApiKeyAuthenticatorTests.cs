using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelGateway.Authentication;
using ModelGateway.Errors;

namespace ModelGateway.Tests.Authentication;

/// <summary>
/// The authenticator remembers keys that matched so it does not hash them again on every request; what it remembers
/// must never outlive what the configuration says: an expiry still applies, and a wrong key still fails. With anonymous
/// access on, a key that matches none is served as anonymous, never as more.
/// </summary>
[TestFixture]
public sealed class ApiKeyAuthenticatorTests
{
    sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    sealed class FixedOptions(ApiKeyOptions value) : IOptionsMonitor<ApiKeyOptions>
    {
        public ApiKeyOptions CurrentValue { get; set; } = value;
        public ApiKeyOptions Get(string? name) => CurrentValue;
        public IDisposable? OnChange(Action<ApiKeyOptions, string?> listener) => null;
    }

    static HttpContext Request(string? bearer = null, string? xApiKey = null)
    {
        var context = new DefaultHttpContext();
        if (bearer is not null) context.Request.Headers.Authorization = "Bearer " + bearer;
        if (xApiKey is not null) context.Request.Headers["X-API-Key"] = xApiKey;
        return context;
    }

    static ApiKeyOptions Keys(params (string Name, string Key, DateTimeOffset? Expires)[] keys)
    {
        var options = new ApiKeyOptions();
        options.Anonymous.Enabled = false;
        foreach (var (name, key, expires) in keys)
            options.ApiKeys.Add(new ApiKeyEntry { Name = name, Hash = ApiKeyHash.Format(ApiKeyHash.Compute(key)), Models = ["*"], ExpiresAt = expires });
        return options;
    }

    [Test]
    public void AKeyUsedBefore_StillExpiresOnTime()
    {
        var clock = new ManualClock(DateTimeOffset.Parse("2026-11-22T12:00:00Z"));
        var authenticator = new ApiKeyAuthenticator(new FixedOptions(Keys(("alice", "mgw-alice-key", clock.Now.AddMinutes(1)))), clock, NullLogger<ApiKeyAuthenticator>.Instance);

        Assert.That(authenticator.Authenticate(Request(bearer: "mgw-alice-key")).Name, Is.EqualTo("alice"));
        Assert.That(authenticator.Authenticate(Request(xApiKey: " mgw-alice-key ")).Name, Is.EqualTo("alice"), "same key, other header, padded");

        clock.Now = clock.Now.AddMinutes(2);
        var error = Assert.Throws<GatewayException>(() => authenticator.Authenticate(Request(bearer: "mgw-alice-key")))!;
        Assert.That(error.Message, Does.Contain("expired"));
    }

    [Test]
    public void KeysThatMatchedDoNotLetNeighboursIn_AndAReloadForgetsThem()
    {
        var clock = new ManualClock(DateTimeOffset.Parse("2026-11-22T12:00:00Z"));
        var options = new FixedOptions(Keys(("alice", "mgw-alice-key", null), ("bob", "mgw-bob-key", null)));
        var authenticator = new ApiKeyAuthenticator(options, clock, NullLogger<ApiKeyAuthenticator>.Instance);

        Assert.That(authenticator.Authenticate(Request(bearer: "mgw-alice-key")).Name, Is.EqualTo("alice"));
        Assert.That(authenticator.Authenticate(Request(bearer: "mgw-bob-key")).Name, Is.EqualTo("bob"));
        Assert.That(authenticator.Authenticate(Request(bearer: "mgw-alice-key")).Name, Is.EqualTo("alice"));
        foreach (var wrong in new[] { "mgw-alice-ke", "mgw-alice-key2", "MGW-ALICE-KEY" })
            Assert.That(Assert.Throws<GatewayException>(() => authenticator.Authenticate(Request(bearer: wrong)))!.Code, Is.EqualTo("invalid_api_key"), wrong);

        options.CurrentValue = Keys(("bob", "mgw-bob-key", null));
        Assert.That(Assert.Throws<GatewayException>(() => authenticator.Authenticate(Request(bearer: "mgw-alice-key")))!.Code, Is.EqualTo("invalid_api_key"),
            "a key removed from the configuration is refused at once, though it matched before");
        Assert.That(authenticator.Authenticate(Request(bearer: "mgw-bob-key")).Name, Is.EqualTo("bob"));
    }

    [Test]
    public void WithAnonymousAccessOn_AKeyThatMatchesNone_IsServedAsAnonymous_WithAnonymousRightsOnly()
    {
        var clock = new ManualClock(DateTimeOffset.Parse("2026-11-22T12:00:00Z"));
        var options = Keys(("alice", "mgw-alice-key", null), ("old", "mgw-old-key", clock.Now.AddMinutes(-1)));
        options.Anonymous.Enabled = true;
        options.Anonymous.Models = ["llama3*"];
        options.Anonymous.RequestsPerMinute = 5;
        var authenticator = new ApiKeyAuthenticator(new FixedOptions(options), clock, NullLogger<ApiKeyAuthenticator>.Instance);

        foreach (var (bearer, xApiKey) in new (string?, string?)[] { ("ollama", null), ("sk-test", null), (null, "x"), ("mgw-alice-ke", null) })
        {
            var caller = authenticator.Authenticate(Request(bearer, xApiKey));
            Assert.That(caller.IsAnonymous, Is.True, bearer ?? xApiKey);
            Assert.That(caller.Name, Is.EqualTo("anonymous"));
            Assert.That(caller.IsAdmin, Is.False);
            Assert.That(caller.RequestsPerMinute, Is.EqualTo(5));
            Assert.That(caller.Models.Allows("llama3.2:3b"), Is.True);
            Assert.That(caller.Models.Allows("qwen3:8b"), Is.False, "anonymous's model list, not a key's");
        }

        var alice = authenticator.Authenticate(Request(bearer: "mgw-alice-key"));
        Assert.That((alice.Name, alice.IsAnonymous), Is.EqualTo(("alice", false)), "a key that matches is that key");
        Assert.That(Assert.Throws<GatewayException>(() => authenticator.Authenticate(Request(bearer: "mgw-old-key")))!.Message, Does.Contain("expired"),
            "an expired key is still a key: refused, not downgraded");
    }
}
