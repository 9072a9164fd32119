namespace ModelGateway.Inventory;

public static class InventoryServiceCollectionExtensions
{
    /// <summary>Registers the worker inventory store and its background poller (the <c>Inventory</c> section).</summary>
    public static IServiceCollection AddWorkerInventory(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<InventoryOptions>().Bind(config.GetSection(InventoryOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IWorkerInventoryStore, WorkerInventoryStore>();
        services.AddSingleton<WorkerInventoryPoller>();
        services.AddHostedService(sp => sp.GetRequiredService<WorkerInventoryPoller>());
        return services;
    }
}
