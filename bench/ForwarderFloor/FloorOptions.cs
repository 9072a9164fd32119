using System.Globalization;

namespace ForwarderFloor;

/// <summary>
/// Command line of the floor proxy: one <c>--route &lt;port&gt;=&lt;upstream base URL&gt;</c> per listening port (like the
/// benchmark's nginx, one port per simulator), and <c>--inline-io-completions on|off</c>.
/// </summary>
public sealed class FloorOptions
{
    /// <summary>The runtime's switch, as the gateway reads it (gateway/Hosting/InlineIoCompletions.cs).</summary>
    public const string SocketsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public const string Usage = "usage: ForwarderFloor --route <port>=<upstream base URL> [--route ...] [--inline-io-completions on|off]";

    public required IReadOnlyDictionary<int, string> Routes { get; init; }

    /// <summary>
    /// Same rule and default as the gateway's Gateway:InlineIoCompletions: on unless turned off; an explicit
    /// environment variable wins over the command line, as it wins over the gateway's configuration.
    /// </summary>
    public required bool InlineIoCompletions { get; init; }

    public static FloorOptions Parse(string[] args, string? environmentSwitch)
    {
        var routes = new Dictionary<int, string>();
        var inline = true;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--route":
                    var route = Value();
                    var split = route.IndexOf('=');
                    if (split < 1 || !int.TryParse(route.AsSpan(0, split), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                        || !Uri.TryCreate(route[(split + 1)..], UriKind.Absolute, out var upstream))
                        throw new FormatException($"--route takes <port>=<upstream base URL> (got '{route}')");
                    routes[port] = upstream.GetLeftPart(UriPartial.Authority);
                    break;
                case "--inline-io-completions":
                    inline = Value() switch
                    {
                        "on" => true,
                        "off" => false,
                        var other => throw new FormatException($"--inline-io-completions takes on or off (got '{other}')"),
                    };
                    break;
                default: throw new FormatException($"unknown option {args[i]}");
            }
        }
        if (routes.Count == 0) throw new FormatException("at least one --route is needed");
        if (!string.IsNullOrEmpty(environmentSwitch)) inline = environmentSwitch == "1";
        return new FloorOptions { Routes = routes, InlineIoCompletions = inline };
    }
}
