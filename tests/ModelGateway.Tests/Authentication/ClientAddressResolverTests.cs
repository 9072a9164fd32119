using System.Net;
using ModelGateway.Authentication;
using Microsoft.AspNetCore.Http;

namespace ModelGateway.Tests.Authentication;

public class ClientAddressResolverTests
{
    static readonly IPNetwork[] Proxies = [IPNetwork.Parse("10.0.0.0/24"), IPNetwork.Parse("192.168.1.7/32")];

    static string? Resolve(string peer, params string[] forwardedFor)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
        if (forwardedFor.Length > 0) context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        return ClientAddressResolver.Resolve(context, Proxies)?.ToString();
    }

    [Test]
    public void ForwardedFor_FromAnUntrustedPeer_IsIgnored()
        => Assert.That(Resolve("203.0.113.9", "1.2.3.4"), Is.EqualTo("203.0.113.9"));

    [Test]
    public void ForwardedFor_FromATrustedProxy_GivesTheAddressTheProxySaw()
        => Assert.That(Resolve("10.0.0.5", "1.2.3.4"), Is.EqualTo("1.2.3.4"));

    [Test]
    public void ForwardedFor_AddressesAClientPrepended_AreNotBelieved()
        => Assert.That(Resolve("10.0.0.5", "6.6.6.6, 1.2.3.4"), Is.EqualTo("1.2.3.4"));

    [Test]
    public void ForwardedFor_ThroughAChainOfTrustedProxies_SkipsEveryTrustedHop()
        => Assert.That(Resolve("10.0.0.5", "6.6.6.6, 1.2.3.4", "192.168.1.7, 10.0.0.9"), Is.EqualTo("1.2.3.4"));

    [Test]
    public void ForwardedFor_WithGarbage_StopsAtTheLastTrustedHop()
        => Assert.That(Resolve("10.0.0.5", "1.2.3.4, not-an-address"), Is.EqualTo("10.0.0.5"));

    [Test]
    public void ForwardedFor_WithPortsAndMappedAddresses_IsNormalized()
    {
        Assert.That(Resolve("::ffff:10.0.0.5", "1.2.3.4:5555"), Is.EqualTo("1.2.3.4"));
        Assert.That(Resolve("10.0.0.5", "[2001:db8::1]:443"), Is.EqualTo("2001:db8::1"));
    }

    [Test]
    public void NoForwardedFor_FromATrustedProxy_IsThePeer()
        => Assert.That(Resolve("10.0.0.5"), Is.EqualTo("10.0.0.5"));
}
