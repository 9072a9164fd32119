using System.Globalization;

namespace ModelGateway.Redis;

/// <summary>A parsed "host:port" (IPv6 hosts in brackets); the port defaults to 6379.</summary>
internal readonly record struct RedisEndpoint(string Host, int Port)
{
    public const int DefaultPort = 6379;

    public static bool TryParse(string? text, out RedisEndpoint endpoint)
    {
        endpoint = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        string host;
        string? port = null;
        if (s.StartsWith('['))
        {
            var close = s.IndexOf(']');
            if (close < 2) return false;
            host = s[1..close];
            var rest = s[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':') return false;
                port = rest[1..];
            }
        }
        else
        {
            var colon = s.LastIndexOf(':');
            if (colon != s.IndexOf(':')) return false; // a bare IPv6 address is ambiguous: require brackets
            host = colon < 0 ? s : s[..colon];
            port = colon < 0 ? null : s[(colon + 1)..];
        }
        if (host.Length == 0 || host.Any(char.IsWhiteSpace) || host.Contains('/') || host.Contains('@')) return false;
        var portNumber = DefaultPort;
        if (port != null && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out portNumber) || portNumber is < 1 or > 65535))
            return false;
        endpoint = new RedisEndpoint(host, portNumber);
        return true;
    }

    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
