using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ModelGateway.Authorization;

public static class AuthorizationServiceCollectionExtensions
{
    /// <summary>Registers the default (open) model access policy; API keys replace it.</summary>
    public static IServiceCollection AddModelAccess(this IServiceCollection services)
    {
        services.TryAddSingleton<IModelAccessPolicy, OpenModelAccessPolicy>();
        return services;
    }
}
