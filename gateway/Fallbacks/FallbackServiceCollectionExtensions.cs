using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelGateway.Forwarding;
using ModelGateway.Hosting;

namespace ModelGateway.Fallbacks;

public static class FallbackServiceCollectionExtensions
{
    /// <summary>
    /// Model fallbacks (<c>Models:&lt;i&gt;:Fallbacks</c>) as the outermost decorator of <see cref="IWorkerDispatcher"/>:
    /// call it after every other dispatcher decorator (the response cache included), so each fallback attempt is looked
    /// up, stored and charged as the fallback model's own request.
    /// </summary>
    public static IServiceCollection AddModelFallbacks(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<FallbackMetrics>();
        services.Decorate<IWorkerDispatcher, ModelFallbackDispatcher>();
        return services;
    }
}
