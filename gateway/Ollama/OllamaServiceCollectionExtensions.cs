namespace ModelGateway.Ollama;

public static class OllamaServiceCollectionExtensions
{
    /// <summary>Registers the services behind Ollama's native API surface.</summary>
    public static IServiceCollection AddOllamaSurface(this IServiceCollection services)
    {
        services.AddSingleton<OllamaPassthroughHandler>();
        services.AddSingleton<FleetAggregator>();
        services.AddSingleton<OllamaManagementHandler>();
        return services;
    }
}
