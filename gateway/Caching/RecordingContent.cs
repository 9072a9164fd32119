using System.Buffers;
using System.Net;

namespace ModelGateway.Caching;

/// <summary>
/// Wraps a worker's reply body so a copy is kept while it streams to the client untouched. When the body has been
/// read to its end (or the reader let go of it), a copy that is whole is handed to <c>onRecorded</c>; a copy that
/// grew past the limit is dropped at once, and one that broke mid-way is never handed over.
/// </summary>
internal sealed class RecordingContent : HttpContent
{
    readonly HttpContent _inner;
    readonly long _maxBytes;
    readonly Action<string, ReadOnlyMemory<byte>> _onRecorded;
    ArrayBufferWriter<byte>? _copy = new();
    bool _broken;
    int _finished;

    /// <param name="onRecorded">Called once with the Content-Type and the whole body; must not block.</param>
    public RecordingContent(HttpContent inner, long maxBytes, Action<string, ReadOnlyMemory<byte>> onRecorded)
    {
        _inner = inner;
        _maxBytes = maxBytes;
        _onRecorded = onRecorded;
        foreach (var header in inner.Headers)
            Headers.TryAddWithoutValidation(header.Key, header.Value);
    }

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken)
        => new RecordingStream(this, await _inner.ReadAsStreamAsync(cancellationToken));

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await using var source = await CreateContentReadStreamAsync(cancellationToken);
        await source.CopyToAsync(stream, cancellationToken);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        => SerializeToStreamAsync(stream, context, CancellationToken.None);

    // The length, when the worker sent one, is among the copied headers.
    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Finish();
            _inner.Dispose();
        }
        base.Dispose(disposing);
    }

    void Record(ReadOnlySpan<byte> chunk)
    {
        var copy = _copy;
        if (copy is null) return;
        if (copy.WrittenCount + chunk.Length > _maxBytes)
        {
            _copy = null;
            return;
        }
        copy.Write(chunk);
    }

    void Break() => _broken = true;

    /// <summary>Runs once: at the end of the body, when the stream is disposed, or when the content is.</summary>
    void Finish()
    {
        if (Interlocked.Exchange(ref _finished, 1) == 1) return;
        var copy = _copy;
        _copy = null;
        if (_broken || copy is null) return;
        var contentType = Headers.ContentType?.ToString() ?? "application/json";
        if (!ReplyCompleteness.IsComplete(contentType, copy.WrittenSpan)) return;
        _onRecorded(contentType, copy.WrittenMemory);
    }

    sealed class RecordingStream(RecordingContent owner, Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int read;
            try { read = inner.Read(buffer); }
            catch { owner.Break(); throw; }
            // A read into an empty buffer is a wait for data (zero-byte read), not the end of the body.
            return buffer.IsEmpty ? read : Observe(buffer[..read]);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read;
            try { read = await inner.ReadAsync(buffer, cancellationToken); }
            catch { owner.Break(); throw; }
            return buffer.IsEmpty ? read : Observe(buffer.Span[..read]);
        }

        int Observe(ReadOnlySpan<byte> chunk)
        {
            if (chunk.IsEmpty) owner.Finish();
            else owner.Record(chunk);
            return chunk.Length;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                owner.Finish();
                inner.Dispose();
            }
            base.Dispose(disposing);
        }

        public override ValueTask DisposeAsync()
        {
            owner.Finish();
            return inner.DisposeAsync();
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
