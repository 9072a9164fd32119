using Microsoft.AspNetCore.Http;
using ModelGateway.Authentication;
using ModelGateway.Diagnostics;

namespace ModelGateway.Tests.Diagnostics;

public class RequestIdentityTests
{
    sealed class Caller(string name) : IApiKeyFeature
    {
        public string Name => name;
        public bool IsAnonymous => false;
        public bool IsAdmin => false;
        public string? ClientAddress => null;
        public int RequestsPerMinute => 0;
        public long TokensPerMinute => 0;
        public ModelAllowList Models => null!;
    }

    [Test]
    public void KeyName_IsTheAuthenticatedKeysName()
    {
        var context = new DefaultHttpContext();
        context.Features.Set<IApiKeyFeature>(new Caller("team-a"));
        Assert.That(RequestIdentity.KeyNameOf(context), Is.EqualTo("team-a"));
    }

    [Test]
    public void VeryLongNames_AreCut()
    {
        var context = new DefaultHttpContext();
        context.Features.Set<IApiKeyFeature>(new Caller(new string('k', 500)));
        Assert.That(RequestIdentity.KeyNameOf(context), Has.Length.EqualTo(128));
    }

    [Test]
    public void WithoutAnAuthenticatedCaller_KeyNameIsNull()
        => Assert.That(RequestIdentity.KeyNameOf(new DefaultHttpContext()), Is.Null);
}
