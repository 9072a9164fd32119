using System.Globalization;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using ModelGateway.Errors;
using ModelGateway.Forwarding;
using ModelGateway.Routing;
using Yarp.ReverseProxy;

namespace ModelGateway.Caching;

/// <summary>
/// The outermost <see cref="IWorkerDispatcher"/> but the fallbacks (which send each fallback attempt through it as a
/// request of its own): answers a repeated request from the cache without asking a worker
/// (so inner decorators, token limits included, never see a hit) and records a worker's successful reply while it
/// streams to the client, storing it once complete. Every store failure fails open: the request goes to a worker.
/// </summary>
internal sealed partial class ResponseCachingDispatcher : IWorkerDispatcher
{
    readonly IWorkerDispatcher _inner;
    readonly IDistributedCache _cache;
    readonly IProxyStateLookup _proxyState;
    readonly ResponseCacheOptions _options;
    readonly CacheMetrics _metrics;
    readonly TimeProvider _time;
    readonly ILogger<ResponseCachingDispatcher> _logger;
    readonly WarningThrottle _lookupWarnings;
    readonly WarningThrottle _storeWarnings;

    public ResponseCachingDispatcher(IWorkerDispatcher inner, IDistributedCache cache, IProxyStateLookup proxyState,
        IOptions<ResponseCacheOptions> options, CacheMetrics metrics, TimeProvider time, ILogger<ResponseCachingDispatcher> logger)
    {
        _inner = inner;
        _cache = cache;
        _proxyState = proxyState;
        _options = options.Value;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _lookupWarnings = new WarningThrottle(time, TimeSpan.FromSeconds(30));
        _storeWarnings = new WarningThrottle(time, TimeSpan.FromSeconds(30));
    }

    /// <summary>With the cache off, or for a path it never stores, the request goes straight to the inner dispatcher.</summary>
    public Task<WorkerResponse> SendAsync(HttpContext context, WorkerRequest request)
        => _options.Enabled && RequestFingerprint.IsCacheablePath(request.PathAndQuery)
            ? SendCachedAsync(context, request)
            : _inner.SendAsync(context, request);

    async Task<WorkerResponse> SendCachedAsync(HttpContext context, WorkerRequest request)
    {
        var cacheControl = ReadCacheControl(context.Request);
        if (!RequestFingerprint.TryCompute(request, out var fingerprint) || !MayCache(context, fingerprint))
        {
            Report(context, CacheHeaders.Bypass);
            // Nothing is ever stored for it, so the only answer from the cache is none.
            if (cacheControl.OnlyIfCached) throw NotCached();
            return await _inner.SendAsync(context, request);
        }

        var result = CacheHeaders.Bypass;
        if (!cacheControl.NoCache && _proxyState.TryGetCluster(request.Route.ClusterId, out var cluster))
        {
            var (reply, failed) = await LookupAsync(fingerprint.Key, context.RequestAborted);
            if (reply is not null)
            {
                Report(context, CacheHeaders.Hit);
                var age = Math.Max(0, (long)(_time.GetUtcNow() - reply.StoredAt).TotalSeconds);
                context.Response.Headers.Age = age.ToString(CultureInfo.InvariantCulture);
                context.Features.Set<IModelRequestFeature>(new ModelRequestFeature(request.Route));
                var message = new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new ReplayContent(reply) };
                return WorkerResponse.FromCache(message, cluster, context.RequestAborted);
            }
            if (!failed) result = CacheHeaders.Miss;
        }
        if (cacheControl.OnlyIfCached)
        {
            // RFC 9111: a client that asks only for a stored reply gets 504 rather than a worker's answer.
            Report(context, result);
            throw NotCached();
        }

        Report(context, result);
        var response = await _inner.SendAsync(context, request);
        if (!cacheControl.NoStore && IsStorable(response))
        {
            var key = fingerprint.Key;
            response.Message.Content = new RecordingContent(response.Message.Content, _options.MaxEntryBytes,
                // Runs when the last byte has been read, before the client's response ends: the write is started
                // (in memory: done) but never awaited there, so a slow store cannot hold the reply up.
                (contentType, body) => _ = StoreAsync(key, contentType, body));
        }
        return response;
    }

    static GatewayException NotCached()
        => new(StatusCodes.Status504GatewayTimeout, "no stored reply for this request (Cache-Control: only-if-cached)", "server_error", code: "not_cached");

    bool MayCache(HttpContext context, RequestFingerprint fingerprint)
        => fingerprint.IsDeterministic || _options.CacheNonDeterministic
           || string.Equals(context.Request.Headers[CacheHeaders.OptIn], CacheHeaders.OptInValue, StringComparison.OrdinalIgnoreCase);

    static (bool NoCache, bool NoStore, bool OnlyIfCached) ReadCacheControl(HttpRequest request)
    {
        var values = request.Headers.CacheControl;
        if (values.Count == 0 || !CacheControlHeaderValue.TryParse(values.ToString(), out var parsed) || parsed is null) return default;
        return (parsed.NoCache, parsed.NoStore, parsed.OnlyIfCached);
    }

    static bool IsStorable(WorkerResponse response)
        => response.StatusCode == StatusCodes.Status200OK
           // The entry keeps the body as sent; an encoded one would need its encoding replayed too.
           && response.Message.Content.Headers.ContentEncoding.Count == 0;

    void Report(HttpContext context, string result)
    {
        context.Response.Headers[CacheHeaders.Status] = result;
        _metrics.Request(result switch { CacheHeaders.Hit => "hit", CacheHeaders.Miss => "miss", _ => "bypass" });
    }

    async Task<(CachedReply? Reply, bool Failed)> LookupAsync(string key, CancellationToken requestAborted)
    {
        byte[]? data;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        timeout.CancelAfter(_options.LookupTimeout);
        try
        {
            // WaitAsync bounds the wait even if the store ignores cancellation.
            data = await _cache.GetAsync(key, timeout.Token).WaitAsync(_options.LookupTimeout, _time, requestAborted);
        }
        catch (OperationCanceledException) when (requestAborted.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            _metrics.Error("lookup");
            if (_lookupWarnings.ShouldLog(out var suppressed))
                Log.LookupFailed(_logger, Describe(ex), suppressed);
            return (null, true);
        }
        if (data is null) return (null, false);
        if (CachedReply.TryDecode(data, out var reply)) return (reply, false);
        _metrics.Error("decode");
        return (null, false);
    }

    async Task StoreAsync(string key, string contentType, ReadOnlyMemory<byte> body)
    {
        try
        {
            var entry = new CachedReply(contentType, _time.GetUtcNow(), body).Encode();
            using var timeout = new CancellationTokenSource(_options.WriteTimeout);
            await _cache.SetAsync(key, entry, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = _options.Ttl }, timeout.Token)
                .WaitAsync(_options.WriteTimeout, _time);
            _metrics.Stored();
        }
        catch (Exception ex)
        {
            _metrics.Error("store");
            if (_storeWarnings.ShouldLog(out var suppressed))
                Log.StoreFailed(_logger, Describe(ex), suppressed);
        }
    }

    static string Describe(Exception ex) => ex is TimeoutException ? "timed out" : $"{ex.GetType().Name}: {ex.Message}";

    static partial class Log
    {
        [LoggerMessage(EventId = 60, Level = LogLevel.Warning, Message = "Response cache lookup failed, serving from workers: {Reason} ({Suppressed} more since the last warning)")]
        public static partial void LookupFailed(ILogger logger, string reason, long suppressed);

        [LoggerMessage(EventId = 61, Level = LogLevel.Warning, Message = "Response cache store failed, reply not cached: {Reason} ({Suppressed} more since the last warning)")]
        public static partial void StoreFailed(ILogger logger, string reason, long suppressed);
    }
}
