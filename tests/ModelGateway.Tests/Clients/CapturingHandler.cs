using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace ModelGateway.Tests.Clients;

/// <summary>
/// Sits under an SDK's HttpClient and records every response body as the SDK reads it (streams included, without
/// buffering them first), so a test can check exactly what the client was given.
/// </summary>
public sealed class CapturingHandler : DelegatingHandler
{
    readonly ConcurrentQueue<Recording> _recordings = new();

    public CapturingHandler() : base(new SocketsHttpHandler()) { }

    /// <summary>What the SDK received so far, in request order.</summary>
    public IReadOnlyList<CapturedResponse> Responses => _recordings.Select(r => r.ToCaptured()).ToList();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var requestBody = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        var recording = new Recording(request.Method.Method, request.RequestUri!.AbsolutePath, response.StatusCode,
            response.Content.Headers.ContentType?.ToString(), requestBody);
        _recordings.Enqueue(recording);
        response.Content = new TeeContent(response.Content, recording.Sink);
        return response;
    }

    sealed class Recording(string method, string path, HttpStatusCode status, string? contentType, string requestBody)
    {
        public MemoryStream Sink { get; } = new();

        public CapturedResponse ToCaptured()
        {
            lock (Sink) return new(method, path, (int)status, contentType, requestBody, Encoding.UTF8.GetString(Sink.ToArray()));
        }
    }

    /// <summary>The original content, read through a <see cref="TeeStream"/>; headers are carried over unchanged.</summary>
    sealed class TeeContent : HttpContent
    {
        readonly HttpContent _inner;
        readonly MemoryStream _sink;

        public TeeContent(HttpContent inner, MemoryStream sink)
        {
            _inner = inner;
            _sink = sink;
            foreach (var header in inner.Headers) Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken)
            => new TeeStream(await _inner.ReadAsStreamAsync(cancellationToken), _sink);

        protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await using var tee = new TeeStream(await _inner.ReadAsStreamAsync(cancellationToken), _sink);
            await tee.CopyToAsync(stream, cancellationToken);
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
            => SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
