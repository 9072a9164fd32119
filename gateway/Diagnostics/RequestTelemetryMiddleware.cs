using ModelGateway.Forwarding;

namespace ModelGateway.Diagnostics;

/// <summary>
/// Outermost gateway middleware: gives each request an id (the client's X-Request-Id when it is sane), echoes it as
/// <c>x-request-id</c>, and when the request ends counts it, times it and writes one structured log line. Headers,
/// query strings and bodies are never logged: they may carry keys.
/// </summary>
internal sealed class RequestTelemetryMiddleware
{
    public const string LogCategory = "ModelGateway.Requests";
    public const string RequestIdHeader = "x-request-id";
    const string CacheHeader = "X-Cache";
    const int MaxRequestIdLength = 128;
    const int MaxLoggedPathLength = 512;

    readonly RequestDelegate _next;
    readonly GatewayMetrics _metrics;
    readonly TimeProvider _time;
    readonly ILogger _logger;

    public RequestTelemetryMiddleware(RequestDelegate next, GatewayMetrics metrics, TimeProvider time, ILoggerFactory loggers)
    {
        _next = next;
        _metrics = metrics;
        _time = time;
        _logger = loggers.CreateLogger(LogCategory);
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var start = _time.GetTimestamp();
        var requestId = AcceptedRequestId(context.Request.Headers[RequestIdHeader].ToString()) ?? GeneratedRequestId.New();
        context.TraceIdentifier = requestId;
        context.Response.Headers[RequestIdHeader] = requestId;
        context.Features.Set(new RequestTelemetryFeature(_metrics, _time, requestId, start));
        var threw = false;
        try
        {
            await _next(context);
        }
        catch
        {
            threw = true;
            throw;
        }
        finally
        {
            Complete(context, requestId, _time.GetElapsedTime(start), threw);
        }
    }

    void Complete(HttpContext context, string requestId, TimeSpan elapsed, bool threw)
    {
        var response = context.Response;
        // An exception before the response started becomes a 500 further out; after, the client saw the status already sent.
        var status = threw && !response.HasStarted ? StatusCodes.Status500InternalServerError : response.StatusCode;
        var surface = RequestSurface.Of(context.Request.Path);
        var endpoint = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
        var model = RequestTelemetryFeature.ModelOf(context);
        var keyName = RequestIdentity.KeyNameOf(context);
        _metrics.RecordRequest(surface, endpoint, model, status, keyName, elapsed);

        var level = surface == RequestSurface.Gateway ? LogLevel.Debug : LogLevel.Information;
        if (!_logger.IsEnabled(level)) return;
        var path = context.Request.PathBase.Add(context.Request.Path).ToString();
        if (path.Length > MaxLoggedPathLength) path = path[..MaxLoggedPathLength];
        var entry = new RequestLogEntry
        {
            Method = context.Request.Method,
            Path = path,
            Status = status,
            DurationMs = Math.Round(elapsed.TotalMilliseconds, 1),
            Surface = surface,
            Model = NullIfEmpty(model),
            Worker = NullIfEmpty(response.Headers[ResponseRelay.WorkerHeader].ToString()),
            Cache = NullIfEmpty(response.Headers[CacheHeader].ToString()),
            KeyName = keyName,
            RequestId = requestId,
            Aborted = context.RequestAborted.IsCancellationRequested,
        };
        _logger.Log(level, RequestLogEntry.EventId, entry, null, RequestLogEntry.Format);
    }

    /// <summary>A client's id is kept only when it is short printable ASCII, so it cannot forge log lines or bloat them.</summary>
    static string? AcceptedRequestId(string value)
    {
        if (value.Length is 0 or > MaxRequestIdLength) return null;
        foreach (var c in value)
            if (c is < '!' or > '~') return null;
        return value;
    }

    static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
