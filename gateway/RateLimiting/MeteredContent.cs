using System.Net;

namespace ModelGateway.RateLimiting;

/// <summary>
/// A worker's reply body with a <see cref="TokenUsageMeter"/> on it. Reports once: with the usage when the body was
/// read to its end, or, when it is disposed before that (client gone, stream broken), with whatever usage was seen.
/// </summary>
internal sealed class MeteredContent : HttpContent
{
    readonly HttpContent _inner;
    readonly TokenUsageMeter _meter;
    readonly Action<long?> _onEnd;
    int _ended;

    public MeteredContent(HttpContent inner, TokenUsageMeter meter, Action<long?> onEnd)
    {
        _inner = inner;
        _meter = meter;
        _onEnd = onEnd;
        foreach (var header in inner.Headers) Headers.TryAddWithoutValidation(header.Key, header.Value);
    }

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken)
        => new MeteredStream(await _inner.ReadAsStreamAsync(cancellationToken), this);

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await using var body = await CreateContentReadStreamAsync(cancellationToken);
        await body.CopyToAsync(stream, cancellationToken);
    }

    protected override bool TryComputeLength(out long length)
    {
        // A Content-Length the worker sent was copied into Headers and is reported from there.
        length = 0;
        return false;
    }

    internal void Observe(ReadOnlySpan<byte> data) => _meter.Observe(data);

    internal void End(bool complete)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0) return;
        if (complete) _meter.Complete();
        _onEnd(_meter.Usage);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            End(complete: false);
            _inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
