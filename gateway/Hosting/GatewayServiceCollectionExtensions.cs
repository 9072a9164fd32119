using ModelGateway.Authentication;
using ModelGateway.Authorization;
using ModelGateway.Caching;
using ModelGateway.Configuration;
using ModelGateway.CrossOrigin;
using ModelGateway.Diagnostics;
using ModelGateway.Fallbacks;
using ModelGateway.Forwarding;
using ModelGateway.Health;
using ModelGateway.Inventory;
using ModelGateway.LoadBalancing;
using ModelGateway.Logging;
using ModelGateway.Ollama;
using ModelGateway.OpenAI;
using ModelGateway.Preloading;
using ModelGateway.Redis;
using ModelGateway.Routing;
using ModelGateway.Validation;
using ModelGateway.WorkerConnections;

namespace ModelGateway.Hosting;

public static class GatewayServiceCollectionExtensions
{
    /// <summary>Every capability of the gateway, each registered by its own folder's extension.</summary>
    public static IServiceCollection AddModelGateway(this IServiceCollection services, IConfiguration config)
    {
        // Error texts quote names with ' as Ollama does; the default encoder would write \u0027.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        services.AddGatewayLogging();
        // Graceful shutdown: the host waits a little longer than the drain, so streams can end with an error line.
        services.AddSingleton<ShutdownDrain>();
        // Read raw: the host builds its options before the configuration check runs, which reports a bad value itself.
        services.AddOptions<HostOptions>().Configure(host => host.ShutdownTimeout =
            (TimeSpan.TryParse(config[$"{GatewayOptions.SectionName}:{nameof(GatewayOptions.ShutdownTimeout)}"], System.Globalization.CultureInfo.InvariantCulture, out var drain)
                && drain >= TimeSpan.Zero ? drain : new GatewayOptions().ShutdownTimeout) + ShutdownDrain.HostMargin);
        services.AddFleetConfiguration(config);
        services.AddWorkerConnections(config);
        services.AddWorkerInventory(config);
        services.AddWorkerLoadBalancing();
        services.AddModelRouting(config);
        services.AddWorkerDispatch(config);
        services.AddModelAccess();
        services.AddApiKeys(config);
        services.AddCrossOriginAccess(config);
        services.AddOllamaSurface();
        services.AddOpenAISurface();
        services.AddRequestValidation(config);
        services.AddDistributedMemoryCache();
        services.AddModelGatewayRedis(config);
        services.AddGatewayHealth();
        services.AddGatewayDiagnostics();
        services.AddModelPreloading();
        // Decorators of the dispatcher: the last registered runs first. The cache wraps the token meter (a hit is
        // never charged); fallbacks wrap the cache, so a fallback's reply is cached as that model's, not the requested one's.
        services.AddResponseCache(config);
        services.AddModelFallbacks();
        return services;
    }
}
