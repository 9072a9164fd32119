using Yarp.ReverseProxy.Configuration;

namespace ModelGateway.Configuration;

/// <summary>
/// Tells the fleet file's provider what YARP did with the configuration it was given. YARP keeps its previous clusters
/// when it refuses a new configuration and only logs why; the provider then takes the edit back, so the model table and
/// the options never move on without YARP (see <see cref="FleetConfigurationProvider.ProxyConfigRefused"/>).
/// </summary>
internal sealed class FleetProxyConfigListener(FleetConfigurationSource? source = null) : IConfigChangeListener
{
    public void ConfigurationLoadingFailed(IProxyConfigProvider configProvider, Exception exception)
        => source?.Provider?.ProxyConfigRefused(FleetConfigurationProvider.Describe(exception));

    public void ConfigurationLoaded(IReadOnlyList<IProxyConfig> proxyConfigs) { }

    public void ConfigurationApplyingFailed(IReadOnlyList<IProxyConfig> proxyConfigs, Exception exception)
        => source?.Provider?.ProxyConfigRefused(FleetConfigurationProvider.Describe(exception));

    public void ConfigurationApplied(IReadOnlyList<IProxyConfig> proxyConfigs)
        => source?.Provider?.ProxyConfigApplied();
}
