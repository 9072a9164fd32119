using Microsoft.Extensions.DependencyInjection.Extensions;
using Yarp.ReverseProxy.Forwarder;

namespace ModelGateway.WorkerConnections;

public static class WorkerConnectionsServiceCollectionExtensions
{
    /// <summary>
    /// Replaces YARP's client factory so clusters send to <c>http://</c> workers with our HTTP/1.1 client
    /// (<c>Gateway:WorkerClient</c>). Call after <c>AddReverseProxy</c>.
    /// </summary>
    public static IServiceCollection AddWorkerConnections(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<WorkerClientOptions>().Bind(config.GetSection(WorkerClientOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<WorkerClientOptions>, WorkerClientOptionsValidator>();
        services.Replace(ServiceDescriptor.Singleton<IForwarderHttpClientFactory, WorkerHttpClientFactory>());
        return services;
    }
}
