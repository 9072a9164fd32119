using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ModelGateway.Redis;

public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates (at start-up) the <c>Redis</c> section. When Redis:Endpoint is set, also registers the
    /// singleton <see cref="IRedisConnection"/> (it connects on first use, so the host starts while Redis is down)
    /// and <see cref="RedisDistributedCache"/> as the <see cref="IDistributedCache"/>, replacing any other.
    /// Without an endpoint neither is registered: resolve <see cref="IRedisConnection"/> optionally.
    /// </summary>
    public static IServiceCollection AddModelGatewayRedis(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(RedisOptions.SectionName);
        services.AddOptions<RedisOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisOptions>, RedisOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        if (string.IsNullOrWhiteSpace(section[nameof(RedisOptions.Endpoint)]))
            return services;

        services.AddMetrics();
        services.TryAddSingleton<RedisConnection>();
        services.TryAddSingleton<IRedisConnection>(sp => sp.GetRequiredService<RedisConnection>());
        services.RemoveAll<IDistributedCache>();
        services.AddSingleton<IDistributedCache, RedisDistributedCache>();
        return services;
    }
}
