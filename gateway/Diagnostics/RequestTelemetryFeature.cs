using ModelGateway.Forwarding;
using ModelGateway.Routing;

namespace ModelGateway.Diagnostics;

/// <summary>
/// Per-request telemetry state, set as an HttpContext feature by the request telemetry middleware. Code that relays a
/// worker's body reports each chunk, so the time to first byte and the token counts are measured where they happen.
/// </summary>
public sealed class RequestTelemetryFeature
{
    // Token counts sit in the last ~200 bytes of a worker's answer; keep some margin.
    const int TailLength = 512;

    readonly GatewayMetrics _metrics;
    readonly TimeProvider _time;
    byte[]? _tail;
    int _tailLength;
    bool _firstByteSeen;

    internal RequestTelemetryFeature(GatewayMetrics metrics, TimeProvider time, string requestId, long startTimestamp)
    {
        _metrics = metrics;
        _time = time;
        RequestId = requestId;
        StartTimestamp = startTimestamp;
    }

    /// <summary>The request id echoed in <c>x-request-id</c> and written in the request log.</summary>
    public string RequestId { get; }

    /// <summary>When the request arrived, in <see cref="TimeProvider.GetTimestamp"/> units.</summary>
    public long StartTimestamp { get; }

    /// <summary>Call with every chunk read from the worker's body, before it is written to the client.</summary>
    public void WorkerBodyRead(HttpContext context, WorkerResponse response, ReadOnlySpan<byte> chunk)
    {
        MarkFirstByte(context, response);
        KeepTail(chunk);
    }

    /// <summary>Call when the worker's body has ended normally.</summary>
    public void WorkerBodyEnded(HttpContext context, WorkerResponse response)
    {
        MarkFirstByte(context, response);
        if (_tail is null || response.StatusCode is < 200 or >= 300 || response.IsFromCache) return;
        if (WorkerUsageReader.TryRead(_tail.AsSpan(0, _tailLength), out var prompt, out var completion))
            _metrics.RecordTokens(ModelOf(context), prompt, completion);
    }

    /// <summary>For code that parses the worker's answer itself (the /v1 translation): the usage it read.</summary>
    public void WorkerUsage(HttpContext context, WorkerResponse response, long prompt, long completion)
    {
        if (!response.IsFromCache) _metrics.RecordTokens(ModelOf(context), prompt, completion);
    }

    /// <summary>
    /// The worker's first body bytes arrived (call as often as convenient; only the first counts). A reply replayed
    /// from the response cache is no worker's: it would count its tokens twice and pull the workers' latency down.
    /// </summary>
    public void MarkFirstByte(HttpContext context, WorkerResponse response)
    {
        if (_firstByteSeen) return;
        _firstByteSeen = true;
        if (response.IsFromCache) return;
        _metrics.RecordTimeToFirstByte(response.Cluster.ClusterId, response.Destination.DestinationId, ModelOf(context), _time.GetElapsedTime(StartTimestamp));
    }

    void KeepTail(ReadOnlySpan<byte> chunk)
    {
        _tail ??= new byte[TailLength];
        if (chunk.Length >= TailLength)
        {
            chunk[^TailLength..].CopyTo(_tail);
            _tailLength = TailLength;
            return;
        }
        var keep = Math.Min(_tailLength, TailLength - chunk.Length);
        _tail.AsSpan(_tailLength - keep, keep).CopyTo(_tail);
        chunk.CopyTo(_tail.AsSpan(keep));
        _tailLength = keep + chunk.Length;
    }

    internal static string ModelOf(HttpContext context) => context.Features.Get<IModelRequestFeature>()?.NormalizedWorkerModel ?? "";
}
