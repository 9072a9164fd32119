using Microsoft.AspNetCore.Http;

namespace OllamaSim.Endpoints;

/// <summary>
/// Exact-path and prefix routes by method. Kept separate from ASP.NET routing so unknown paths and wrong
/// methods get gin's exact answers (<c>404 page not found</c>, <c>405 method not allowed</c>).
/// </summary>
public sealed class RouteTable
{
    readonly Dictionary<string, Dictionary<string, RequestDelegate>> _exact = new(StringComparer.Ordinal);
    readonly List<(string Prefix, Dictionary<string, RequestDelegate> Methods)> _prefixes = [];

    public RouteTable Map(string method, string path, RequestDelegate handler)
    {
        if (!_exact.TryGetValue(path, out var methods)) _exact[path] = methods = new(StringComparer.OrdinalIgnoreCase);
        methods[method] = handler;
        return this;
    }

    /// <summary>A route whose path starts with <paramref name="prefix"/> (e.g. <c>/api/blobs/</c> + digest).</summary>
    public RouteTable MapPrefix(string method, string prefix, RequestDelegate handler)
    {
        var entry = _prefixes.FirstOrDefault(p => p.Prefix == prefix);
        if (entry.Methods == null) _prefixes.Add(entry = (prefix, new(StringComparer.OrdinalIgnoreCase)));
        entry.Methods[method] = handler;
        return this;
    }

    /// <summary>The handler, or null with <paramref name="pathKnown"/> telling 405 from 404.</summary>
    public RequestDelegate? Find(string method, string path, out bool pathKnown)
    {
        Dictionary<string, RequestDelegate>? methods = null;
        if (!_exact.TryGetValue(path, out methods))
            foreach (var (prefix, m) in _prefixes)
                if (path.StartsWith(prefix, StringComparison.Ordinal) && path.Length > prefix.Length)
                {
                    methods = m;
                    break;
                }
        pathKnown = methods != null;
        if (methods == null) return null;
        return methods.TryGetValue(method, out var handler) ? handler : null;
    }
}
