namespace ModelGateway.Routing;

public static class RoutingServiceCollectionExtensions
{
    /// <summary>Registers the model router (the <c>Models</c> and <c>ModelRouting</c> sections).</summary>
    public static IServiceCollection AddModelRouting(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<ModelRoutingOptions>().Bind(config.GetSection(ModelRoutingOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IModelRouter, ModelRouter>();
        return services;
    }
}
