using Microsoft.AspNetCore.Http;
using ModelGateway.Diagnostics;

namespace ModelGateway.Tests.Diagnostics;

public class RequestIdentityTests
{
    sealed class Identity(string name) : IRequestIdentityFeature
    {
        public string KeyName => name;
    }

    [Test]
    public void KeyName_IsReadFromTheIdentityFeature()
    {
        var context = new DefaultHttpContext();
        context.Features.Set<IRequestIdentityFeature>(new Identity("team-a"));
        Assert.That(RequestIdentity.KeyNameOf(context), Is.EqualTo("team-a"));
    }

    [Test]
    public void KeyName_IsReadFromHttpContextItems()
    {
        var context = new DefaultHttpContext();
        context.Items[RequestIdentity.KeyNameItem] = "batch-jobs";
        Assert.That(RequestIdentity.KeyNameOf(context), Is.EqualTo("batch-jobs"));
    }

    [Test]
    public void WithoutIdentity_KeyNameIsNull()
    {
        var context = new DefaultHttpContext();
        context.Items[RequestIdentity.KeyNameItem] = 42;
        Assert.That(RequestIdentity.KeyNameOf(context), Is.Null);
    }
}
