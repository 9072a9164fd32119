using ModelGateway.Forwarding;

namespace ModelGateway.Diagnostics;

/// <summary>
/// Outermost gateway middleware: gives each request an id (the client's X-Request-Id when it is sane), echoes it as
/// <c>x-request-id</c>, and when the request ends counts it, times it and writes one structured log line. Headers,
/// query strings and bodies are never logged: they may carry keys.
/// </summary>
internal sealed partial class RequestTelemetryMiddleware
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
        Log.RequestCompleted(_logger, level, context.Request.Method, path, status, Math.Round(elapsed.TotalMilliseconds, 1), surface,
            NullIfEmpty(model), NullIfEmpty(response.Headers[ResponseRelay.WorkerHeader].ToString()), NullIfEmpty(response.Headers[CacheHeader].ToString()),
            keyName, requestId, context.RequestAborted.IsCancellationRequested);
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

    static partial class Log
    {
        [LoggerMessage(EventId = 100, Message = "{Method} {Path} answered {Status} in {DurationMs} ms (surface {Surface}, model {Model}, worker {Worker}, cache {Cache}, key {KeyName}, request {RequestId}, aborted {Aborted})")]
        public static partial void RequestCompleted(ILogger logger, LogLevel level, string method, string path, int status, double durationMs, string surface,
            string? model, string? worker, string? cache, string? keyName, string requestId, bool aborted);
    }
}
