using System.Net;

namespace OllamaSim.Endpoints;

/// <summary>
/// Ollama's DNS-rebinding guard: when it listens on a loopback address, a request whose Host is not local
/// (localhost, *.localhost/.local/.internal, a loopback/private/unspecified IP, or this machine's name) gets 403.
/// </summary>
public sealed class HostCheck(bool enabled)
{
    readonly string _machine = Dns.GetHostName();

    public bool Allows(string? hostHeader)
    {
        if (!enabled || string.IsNullOrEmpty(hostHeader)) return true;
        var host = hostHeader;
        if (host.StartsWith('['))
            host = host[1..Math.Max(1, host.IndexOf(']'))];
        else if (host.Count(c => c == ':') == 1)
            host = host[..host.IndexOf(':')];
        host = host.ToLowerInvariant();
        if (host is "localhost" || host.EndsWith(".localhost") || host.EndsWith(".local") || host.EndsWith(".internal")) return true;
        if (string.Equals(host, _machine, StringComparison.OrdinalIgnoreCase)) return true;
        if (!IPAddress.TryParse(host, out var ip)) return false;
        if (IPAddress.IsLoopback(ip) || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)) return true;
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        var b = ip.GetAddressBytes();
        return ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            ? b[0] == 10 || (b[0] == 172 && (b[1] & 0xF0) == 16) || (b[0] == 192 && b[1] == 168)
            : (b[0] & 0xFE) == 0xFC || ip.IsIPv6LinkLocal;
    }
}
