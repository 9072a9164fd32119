using System.Net;

namespace ModelGateway.Authentication;

/// <summary>
/// The address a request comes from. X-Forwarded-For is read only when the direct peer is a trusted proxy, and then
/// from the right: the first address that is not itself a trusted proxy is the client (a client can prepend any
/// address it likes, but cannot change what the proxies appended).
/// </summary>
internal static class ClientAddressResolver
{
    public static IPAddress? Resolve(HttpContext context, IReadOnlyList<IPNetwork> trustedProxies)
    {
        var peer = Normalize(context.Connection.RemoteIpAddress);
        if (peer is null || !IsTrusted(peer, trustedProxies)) return peer;

        var headers = context.Request.Headers["X-Forwarded-For"];
        var current = peer;
        for (var h = headers.Count - 1; h >= 0; h--)
        {
            var hops = (headers[h] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            for (var i = hops.Length - 1; i >= 0; i--)
            {
                // Garbage means nothing further left can be believed: the last trusted hop is the best we know.
                if (Parse(hops[i]) is not { } hop) return current;
                current = hop;
                if (!IsTrusted(hop, trustedProxies)) return hop;
            }
        }
        return current;
    }

    public static bool IsTrusted(IPAddress address, IReadOnlyList<IPNetwork> trustedProxies)
    {
        foreach (var network in trustedProxies)
            if (network.Contains(address)) return true;
        return false;
    }

    /// <summary>Parses "1.2.3.4", "1.2.3.4:5678", "::1" or "[::1]:80".</summary>
    static IPAddress? Parse(string text)
    {
        if (IPAddress.TryParse(text, out var address)) return Normalize(address);
        if (IPEndPoint.TryParse(text, out var endpoint)) return Normalize(endpoint.Address);
        return null;
    }

    static IPAddress? Normalize(IPAddress? address)
        => address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;

    /// <summary>Parses a configured proxy: an address (one host) or a CIDR range.</summary>
    public static bool TryParseNetwork(string? text, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var trimmed = text.Trim();
        if (trimmed.Contains('/')) return IPNetwork.TryParse(trimmed, out network);
        if (!IPAddress.TryParse(trimmed, out var address)) return false;
        address = Normalize(address)!;
        network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        return true;
    }
}
