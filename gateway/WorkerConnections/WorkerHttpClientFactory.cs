using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace ModelGateway.WorkerConnections;

/// <summary>
/// Gives each cluster our HTTP/1.1 client (<see cref="WorkerConnectionHandler"/>) unless the cluster's
/// <c>HttpClient</c> settings ask for something only SocketsHttpHandler does (a web proxy, header encodings); https
/// destinations of a builtin cluster are sent through YARP's own client, created on first use.
/// </summary>
internal sealed class WorkerHttpClientFactory : IForwarderHttpClientFactory
{
    /// <summary>YARP 2.1's default client sets the same connect timeout.</summary>
    internal static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    /// <summary>SocketsHttpHandler's default <c>PooledConnectionIdleTimeout</c>.</summary>
    internal static readonly TimeSpan PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1);

    readonly ForwarderHttpClientFactory _yarp;
    readonly bool _builtin;

    public WorkerHttpClientFactory(IOptions<WorkerClientOptions> options, ILogger<ForwarderHttpClientFactory> logger)
    {
        _yarp = new ForwarderHttpClientFactory(logger);
        _builtin = options.Value.UsesBuiltin;
    }

    public HttpMessageInvoker CreateClient(ForwarderHttpClientContext context)
    {
        if (context.OldClient is not null && context.NewConfig == context.OldConfig) return context.OldClient;
        var config = context.NewConfig;
        if (!_builtin || config.WebProxy?.Address is not null || config.RequestHeaderEncoding is not null || config.ResponseHeaderEncoding is not null)
            return _yarp.CreateClient(context);

        // YARP's client for https only: created with no old client so it never hands back our invoker.
        var secure = new Lazy<HttpMessageInvoker>(() => _yarp.CreateClient(new ForwarderHttpClientContext
        {
            ClusterId = context.ClusterId,
            OldConfig = context.OldConfig,
            OldMetadata = context.OldMetadata,
            OldClient = null,
            NewConfig = config,
            NewMetadata = context.NewMetadata,
        }));
        var handler = new WorkerConnectionHandler(config.MaxConnectionsPerServer ?? int.MaxValue, ConnectTimeout, PooledConnectionIdleTimeout, secure);
        return new HttpMessageInvoker(handler, disposeHandler: true);
    }
}
