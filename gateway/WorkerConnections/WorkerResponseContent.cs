using System.Net;

namespace ModelGateway.WorkerConnections;

/// <summary>A worker's response body as <see cref="HttpContent"/>; disposing it before the end closes the connection.</summary>
internal sealed class WorkerResponseContent(ResponseBodyStream body) : HttpContent
{
    const int CopyBufferSize = 16 * 1024;
    bool _read;

    internal ResponseBodyStream Body => body;

    protected override Stream CreateContentReadStream(CancellationToken cancellationToken) => Take();

    protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(Take());

    protected override Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) => Task.FromResult<Stream>(Take());

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await using var source = Take();
        await source.CopyToAsync(stream, CopyBufferSize, cancellationToken);
    }

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        using var source = Take();
        source.CopyTo(stream, CopyBufferSize);
    }

    ResponseBodyStream Take()
    {
        // Like SocketsHttpHandler's content: the body can be read once.
        if (_read) throw new InvalidOperationException("The stream was already consumed. It cannot be read again.");
        _read = true;
        return body;
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) body.Dispose();
        base.Dispose(disposing);
    }
}
