using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace ModelGateway.Forwarding;

/// <summary>
/// The absolute URI of a request to a worker, parsed once per worker address and path instead of per request: a
/// <see cref="Uri"/> is immutable, and parsing one (then asking it for host, port and scheme again in the client and
/// its metrics) was a visible share of a small request's CPU. Entries live as long as the address string of the
/// fleet configuration they came from, so a reload starts over; paths with a query string, which clients choose, are
/// never kept, and each address keeps at most <see cref="MaxPathsPerAddress"/> paths.
/// </summary>
internal sealed class WorkerRequestUris
{
    internal const int MaxPathsPerAddress = 64;

    readonly ConditionalWeakTable<string, ConcurrentDictionary<string, Uri>> _byAddress = new();

    public Uri For(string address, string pathAndQuery)
    {
        if (pathAndQuery.Contains('?')) return Build(address, pathAndQuery);
        var paths = _byAddress.GetValue(address, static _ => new ConcurrentDictionary<string, Uri>(StringComparer.Ordinal));
        if (paths.TryGetValue(pathAndQuery, out var uri)) return uri;
        uri = Build(address, pathAndQuery);
        if (paths.Count < MaxPathsPerAddress) paths.TryAdd(pathAndQuery, uri);
        return uri;
    }

    static Uri Build(string address, string pathAndQuery)
        => new(address.EndsWith('/') ? string.Concat(address.AsSpan(0, address.Length - 1), pathAndQuery) : address + pathAndQuery);
}
