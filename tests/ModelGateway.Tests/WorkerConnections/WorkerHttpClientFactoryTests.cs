using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelGateway.WorkerConnections;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace ModelGateway.Tests.WorkerConnections;

/// <summary>Which client a cluster gets, and the start-up check of <c>Gateway:WorkerClient</c>.</summary>
public class WorkerHttpClientFactoryTests
{
    static HttpMessageHandler HandlerOf(HttpMessageInvoker invoker)
        => (HttpMessageHandler)typeof(HttpMessageInvoker).GetField("_handler", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(invoker)!;

    static HttpMessageInvoker Create(string client, HttpClientConfig config)
        => new WorkerHttpClientFactory(Options.Create(new WorkerClientOptions { WorkerClient = client }), NullLogger<ForwarderHttpClientFactory>.Instance)
            .CreateClient(new ForwarderHttpClientContext { ClusterId = "c", NewConfig = config, NewMetadata = null });

    [Test]
    public void Builtin_GivesOurHandler()
        => Assert.That(HandlerOf(Create("Builtin", new HttpClientConfig { MaxConnectionsPerServer = 4 })), Is.InstanceOf<WorkerConnectionHandler>());

    [Test]
    public void SocketsHttpHandler_GivesYarpsClient()
        => Assert.That(HandlerOf(Create("SocketsHttpHandler", new HttpClientConfig())), Is.InstanceOf<SocketsHttpHandler>());

    [Test]
    public void AWebProxy_OrHeaderEncodings_FallBackToYarpsClient()
    {
        Assert.That(HandlerOf(Create("Builtin", new HttpClientConfig { WebProxy = new WebProxyConfig { Address = new Uri("http://proxy.invalid:3128") } })), Is.InstanceOf<SocketsHttpHandler>());
        Assert.That(HandlerOf(Create("Builtin", new HttpClientConfig { ResponseHeaderEncoding = "utf-8" })), Is.InstanceOf<SocketsHttpHandler>());
    }

    [Test]
    public void YarpsClient_HasTheConnectTimeoutOurClientCopies()
    {
        var handler = (SocketsHttpHandler)HandlerOf(Create("SocketsHttpHandler", new HttpClientConfig()));
        Assert.That(handler.ConnectTimeout, Is.EqualTo(WorkerHttpClientFactory.ConnectTimeout));
        Assert.That(handler.PooledConnectionIdleTimeout, Is.EqualTo(WorkerHttpClientFactory.PooledConnectionIdleTimeout));
        Assert.That(handler.MaxResponseHeadersLength * 1024, Is.EqualTo(WorkerConnection.MaxResponseHeadBytes));
    }

    [TestCase("Builtin", true)]
    [TestCase("sockethttphandler", false)]
    [TestCase("SocketsHttpHandler", true)]
    [TestCase("", false)]
    public void TheSetting_IsValidated(string value, bool valid)
        => Assert.That(new WorkerClientOptionsValidator().Validate(null, new WorkerClientOptions { WorkerClient = value }).Succeeded, Is.EqualTo(valid));
}
