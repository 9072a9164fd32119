namespace ModelGateway.Forwarding;

public static class ForwardingServiceCollectionExtensions
{
    /// <summary>Registers the worker dispatcher (the <c>Dispatch</c> section).</summary>
    public static IServiceCollection AddWorkerDispatch(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<DispatchOptions>().Bind(config.GetSection(DispatchOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IWorkerDispatcher, WorkerDispatcher>();
        return services;
    }
}
