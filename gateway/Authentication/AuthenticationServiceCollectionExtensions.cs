using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelGateway.Authorization;
using ModelGateway.RateLimiting;

namespace ModelGateway.Authentication;

public static class AuthenticationServiceCollectionExtensions
{
    /// <summary>
    /// API keys (the <c>Authentication</c> section), the model access policy they imply, and the rate limits they
    /// carry (<c>RateLimits</c>). Call after the worker dispatcher and the default access policy are registered.
    /// </summary>
    public static IServiceCollection AddApiKeys(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<ApiKeyOptions>().Bind(config.GetSection(ApiKeyOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddHostedService<NoCallerAdmittedWarning>();
        services.AddSingleton<Yarp.ReverseProxy.Transforms.Builder.ITransformProvider, PresentedKeyRemoval>();
        services.RemoveAll<IModelAccessPolicy>();
        services.AddSingleton<IModelAccessPolicy, ApiKeyModelAccessPolicy>();
        services.AddGatewayRateLimiting(config);
        return services;
    }

    /// <summary>Authenticates callers and charges their request budgets before any endpoint runs.</summary>
    public static IApplicationBuilder UseApiKeys(this IApplicationBuilder app) => app.UseMiddleware<ApiKeyMiddleware>();
}
