using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ModelGateway.Forwarding;
using ModelGateway.Hosting;

namespace ModelGateway.Caching;

public static class CachingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the response cache (the <c>ResponseCache</c> section) as a decorator of <see cref="IWorkerDispatcher"/>.
    /// Call it after every other dispatcher decorator but the fallbacks': the last one registered runs first, and a hit
    /// must not reach the others (token limits). The store is the registered <see cref="IDistributedCache"/>: memory, bounded by
    /// ResponseCache:MaxTotalBytes, or Redis when Redis:Endpoint is set.
    /// </summary>
    public static IServiceCollection AddResponseCache(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<ResponseCacheOptions>().Bind(config.GetSection(ResponseCacheOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ResponseCacheOptions>, ResponseCacheOptionsValidator>());
        // The memory store sizes each entry by its byte count, so this bounds it in bytes.
        services.AddOptions<MemoryDistributedCacheOptions>().Configure<IOptions<ResponseCacheOptions>>((memory, cache) => memory.SizeLimit = cache.Value.MaxTotalBytes);
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CacheMetrics>();
        services.Decorate<IWorkerDispatcher, ResponseCachingDispatcher>();
        return services;
    }
}
