using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ModelGateway.WorkerConnections;

/// <summary>
/// The <c>System.Net.Http</c> instruments SocketsHttpHandler publishes (<c>http.client.request.duration</c>,
/// <c>http.client.open_connections</c>), published by the builtin client under the same meter and names so
/// <c>/metrics</c> and dashboards built on it keep seeing the gateway's calls to workers.
/// </summary>
internal static class WorkerClientMetrics
{
    static readonly Meter Meter = new("System.Net.Http");

    static readonly Histogram<double> RequestDuration = Meter.CreateHistogram<double>("http.client.request.duration", "s",
        "Duration of HTTP client requests.");

    static readonly UpDownCounter<long> OpenConnections = Meter.CreateUpDownCounter<long>("http.client.open_connections", "{connection}",
        "Number of outbound HTTP connections that are currently active or idle on the client.");

    public static bool RequestDurationEnabled => RequestDuration.Enabled;

    public static void RecordRequest(HttpRequestMessage request, long startTimestamp, HttpResponseMessage? response, Exception? error)
    {
        var uri = request.RequestUri!;
        var tags = new TagList
        {
            { "http.request.method", request.Method.Method },
            { "server.address", uri.Host },
            { "server.port", uri.Port },
            { "url.scheme", uri.Scheme },
        };
        if (response is not null)
        {
            tags.Add("network.protocol.version", "1.1");
            tags.Add("http.response.status_code", (int)response.StatusCode);
        }
        else tags.Add("error.type", ErrorType(error));
        RequestDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tags);
    }

    static string ErrorType(Exception? error) => error switch
    {
        HttpRequestException { HttpRequestError: var kind and not HttpRequestError.Unknown } => kind switch
        {
            HttpRequestError.NameResolutionError => "name_resolution_error",
            HttpRequestError.ConnectionError => "connection_error",
            HttpRequestError.ResponseEnded => "response_ended",
            HttpRequestError.InvalidResponse => "invalid_response",
            HttpRequestError.ConfigurationLimitExceeded => "configuration_limit_exceeded",
            _ => kind.ToString(),
        },
        null => "_OTHER",
        _ => error.GetType().FullName ?? "_OTHER",
    };

    /// <summary>Moves one connection between "active" and "idle" (null: not counted).</summary>
    public static void ConnectionState(string host, int port, string? peer, string? from, string? to)
    {
        if (!OpenConnections.Enabled) return;
        if (from is not null) OpenConnections.Add(-1, Tags(host, port, peer, from));
        if (to is not null) OpenConnections.Add(1, Tags(host, port, peer, to));
    }

    static TagList Tags(string host, int port, string? peer, string state) => new()
    {
        { "http.connection.state", state },
        { "network.peer.address", peer },
        { "network.protocol.version", "1.1" },
        { "server.address", host },
        { "server.port", port },
        { "url.scheme", "http" },
    };
}
