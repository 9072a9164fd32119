using Yarp.ReverseProxy.Configuration;

namespace ModelGateway.Configuration;

public static class ConfigurationServiceCollectionExtensions
{
    /// <summary>
    /// YARP reads clusters from the <c>ReverseProxy</c> section (with our cluster defaults), the merged configuration is
    /// validated at start-up, and reloads of the fleet file are checked as a whole (<see cref="FleetConfigurationCheck"/>)
    /// before they are published, then reported.
    /// </summary>
    public static IReverseProxyBuilder AddFleetConfiguration(this IServiceCollection services, IConfiguration config)
    {
        services.AddHostedService<FleetReloadReporter>();
        // The whole-configuration check of start-up and reloads; it finds the options types to check among the
        // registrations, read when it is first resolved (after every capability has registered its own).
        services.AddSingleton(sp => new FleetConfigurationCheck(sp, config, services));
        services.AddSingleton<IConfigChangeListener, FleetProxyConfigListener>();
        services.AddOptions<GatewayOptions>().Bind(config.GetSection(GatewayOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<FleetValidationMarker>().ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<FleetValidationMarker>>(new FleetValidation(config));
        var proxy = services.AddReverseProxy()
            .LoadFromConfig(config.GetSection("ReverseProxy"))
            .AddConfigFilter<ClusterDefaultsConfigFilter>();
        WithoutKeyRingWarmUp(services);
        return proxy;
    }

    /// <summary>
    /// YARP registers data protection for session-affinity cookies, and its hosted service would load or create the key
    /// ring at start-up: a key file written under the home directory and the XML and OpenSSL stacks loaded (about 8 MB
    /// resident) for a feature a worker fleet seldom uses. Without the warm-up the key ring loads on first use.
    /// </summary>
    static void WithoutKeyRingWarmUp(IServiceCollection services)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            var d = services[i];
            if (d.ServiceType == typeof(IHostedService) && d.ImplementationType?.FullName == "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService")
                services.RemoveAt(i);
        }
    }

    /// <summary>Options type that only exists so the merged fleet configuration is validated with ValidateOnStart.</summary>
    internal sealed class FleetValidationMarker;

    sealed class FleetValidation(IConfiguration config) : Microsoft.Extensions.Options.IValidateOptions<FleetValidationMarker>
    {
        public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, FleetValidationMarker options)
        {
            var errors = FleetConfigValidator.Validate(config);
            return errors.Count == 0 ? Microsoft.Extensions.Options.ValidateOptionsResult.Success : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(errors);
        }
    }
}
