using Microsoft.Extensions.Logging.Console;

namespace ModelGateway.Logging;

public static class LoggingServiceCollectionExtensions
{
    /// <summary>
    /// Replaces the framework's console logger provider, when the host registered one, with
    /// <see cref="BatchingConsoleLoggerProvider"/>. Its options, formatters and filters stay as registered.
    /// </summary>
    public static IServiceCollection AddGatewayLogging(this IServiceCollection services)
    {
        var replaced = 0;
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(ILoggerProvider) && services[i].ImplementationType == typeof(ConsoleLoggerProvider))
            {
                services.RemoveAt(i);
                replaced++;
            }
        }
        if (replaced == 0) return services;
        // Its dropped-lines counter is an instrument of the gateway's meter.
        services.AddMetrics();
        services.AddSingleton<ILoggerProvider, BatchingConsoleLoggerProvider>();
        return services;
    }
}
