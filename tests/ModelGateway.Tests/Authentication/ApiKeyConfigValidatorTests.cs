using ModelGateway.Authentication;
using ModelGateway.Configuration;

namespace ModelGateway.Tests.Authentication;

public class ApiKeyConfigValidatorTests
{
    static readonly string GoodHash = ApiKeyHash.Format(ApiKeyHash.Compute("mg-test-key"));

    static IReadOnlyList<string> Validate(params (string Key, string Value)[] entries)
        => FleetConfigValidator.Validate(entries.ToDictionary(e => e.Key, e => (string?)e.Value));

    [Test]
    public void WellFormedSection_HasNoErrors()
    {
        var errors = Validate(
            ("Authentication:ApiKeys:0:Name", "team-a"), ("Authentication:ApiKeys:0:Hash", GoodHash),
            ("Authentication:ApiKeys:0:Models:0", "llama3*"), ("Authentication:ApiKeys:0:RequestsPerMinute", "60"),
            ("Authentication:ApiKeys:0:ExpiresAt", "2030-01-01T00:00:00Z"),
            ("Authentication:Anonymous:Enabled", "true"), ("Authentication:TrustedProxies:0", "10.0.0.0/8"),
            ("RateLimits:FailureMode", "Closed"));
        Assert.That(errors, Is.Empty);
    }

    [Test]
    public void BadHash_IsNamedByItsKey_WithoutRepeatingWhatWasPasted()
    {
        // An operator pasting the key itself instead of its hash must not see it echoed into a log.
        var errors = Validate(("Authentication:ApiKeys:0:Name", "team-a"), ("Authentication:ApiKeys:0:Hash", "mg-the-secret-key"),
            ("Authentication:ApiKeys:0:Models:0", "*"));
        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.Contain("Authentication:ApiKeys:0 ('team-a')").And.Contain("Hash"));
        Assert.That(errors[0], Does.Not.Contain("mg-the-secret-key"));
    }

    [Test]
    public void DuplicateNames_AndDuplicateHashes_AreRejected()
    {
        var errors = Validate(
            ("Authentication:ApiKeys:0:Name", "team-a"), ("Authentication:ApiKeys:0:Hash", GoodHash), ("Authentication:ApiKeys:0:Models:0", "*"),
            ("Authentication:ApiKeys:1:Name", "TEAM-A"), ("Authentication:ApiKeys:1:Hash", GoodHash), ("Authentication:ApiKeys:1:Models:0", "*"));
        Assert.That(errors, Has.Some.Contains("'TEAM-A' is already used by Authentication:ApiKeys:0"));
        Assert.That(errors, Has.Some.Contains("same as Authentication:ApiKeys:0 ('team-a')"));
    }

    [Test]
    public void BadWildcard_MissingModels_BadNumbers_AndBadProxies_AreEachNamed()
    {
        var errors = Validate(
            ("Authentication:ApiKeys:0:Name", "team-a"), ("Authentication:ApiKeys:0:Hash", GoodHash), ("Authentication:ApiKeys:0:Models:0", "llama 3*"),
            ("Authentication:ApiKeys:0:TokensPerMinute", "-5"),
            ("Authentication:ApiKeys:1:Name", "team b"), ("Authentication:ApiKeys:1:Hash", GoodHash.Replace("sha256:", "")[..63] + "z"),
            ("Authentication:TrustedProxies:0", "nginx.local"),
            ("RateLimits:FailureMode", "sometimes"));
        Assert.That(errors, Has.Some.StartsWith("Authentication:ApiKeys:0:Models:0 'llama 3*' is not a valid wildcard"));
        Assert.That(errors, Has.Some.Contains("TokensPerMinute '-5'"));
        Assert.That(errors, Has.Some.Contains("Authentication:ApiKeys:1:Name 'team b'"));
        Assert.That(errors, Has.Some.Contains("Authentication:ApiKeys:1 ('team b'): Hash is not"));
        Assert.That(errors, Has.Some.Contains("Authentication:ApiKeys:1 ('team b'): Models is required"));
        Assert.That(errors, Has.Some.StartsWith("Authentication:TrustedProxies:0 'nginx.local'"));
        Assert.That(errors, Has.Some.StartsWith("RateLimits:FailureMode 'sometimes'"));
    }
}
