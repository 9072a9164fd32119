using Microsoft.Extensions.FileProviders;

namespace ModelGateway.Configuration;

/// <summary>
/// The fleet configuration file (appsettings.json or the file named by --config / MODELGATEWAY_CONFIG),
/// read by <see cref="FleetConfigurationProvider"/> so that a bad edit never replaces the last good configuration.
/// </summary>
public sealed class FleetConfigurationSource : IConfigurationSource
{
    public required string Path { get; init; }
    public bool Optional { get; init; }
    public TimeSpan ReloadDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Set once the provider is built, so the host can report reload outcomes.</summary>
    public FleetConfigurationProvider? Provider { get; private set; }

    public IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        Provider = new FleetConfigurationProvider(this);
        return Provider;
    }
}
