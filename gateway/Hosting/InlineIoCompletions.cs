using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace ModelGateway.Hosting;

/// <summary>
/// Runs socket continuations on the socket engine's own threads instead of handing each one to the thread pool
/// (<c>Gateway:InlineIoCompletions</c>, on by default). A proxy does little work per socket event and never blocks on
/// one, so the hop to the pool (a thread wake-up per read or write) cost more than the work itself. Read once at
/// start-up: the runtime reads its switch when the first socket is created.
/// </summary>
public static class InlineIoCompletions
{
    public const string ConfigKey = GatewayOptions.SectionName + ":" + nameof(GatewayOptions.InlineIoCompletions);

    /// <summary>The runtime's switch (System.Net.Sockets reads it once, from the environment).</summary>
    public const string SocketsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Whether inline completions are on: an operator's explicit environment variable wins over the configuration.</summary>
    /// <param name="environmentSwitch">The value of <see cref="SocketsVariable"/> in the environment, if any.</param>
    /// <remarks>A value that is not true/false counts as the default here: the configuration check reports it, naming the key.</remarks>
    public static bool IsEnabled(IConfiguration config, string? environmentSwitch)
        => string.IsNullOrEmpty(environmentSwitch) ? !bool.TryParse(config[ConfigKey], out var on) || on : environmentSwitch == "1";

    /// <summary>Whether this process runs with them: the runtime's switch as it was set before the first socket.</summary>
    public static bool InEffect => Environment.GetEnvironmentVariable(SocketsVariable) == "1";

    /// <summary>Call before the host starts (before the first socket exists).</summary>
    public static void Apply(WebApplicationBuilder builder)
    {
        if (!IsEnabled(builder.Configuration, Environment.GetEnvironmentVariable(SocketsVariable))) return;
        Environment.SetEnvironmentVariable(SocketsVariable, "1");
        // Kestrel then runs the request pipeline on the thread that completed the read, instead of one more hop.
        builder.WebHost.UseSockets(options => options.UnsafePreferInlineScheduling = true);
    }
}
