using System.Net;
using System.Net.Http.Headers;

namespace ModelGateway.Caching;

/// <summary>
/// The body of a cache hit. A stored stream is read back one NDJSON line per read, so the relay writes and flushes
/// it line by line as a worker's stream would arrive (chunked, no Content-Length); a JSON reply has its length.
/// </summary>
internal sealed class ReplayContent : HttpContent
{
    readonly CachedReply _reply;

    public ReplayContent(CachedReply reply)
    {
        _reply = reply;
        Headers.ContentType = MediaTypeHeaderValue.Parse(reply.ContentType);
    }

    protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new LineByLineStream(_reply.Body, _reply.IsNdjson));

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await using var source = new LineByLineStream(_reply.Body, _reply.IsNdjson);
        await source.CopyToAsync(stream);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _reply.Body.Length;
        return !_reply.IsNdjson;
    }

    sealed class LineByLineStream(ReadOnlyMemory<byte> body, bool byLine) : Stream
    {
        int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => body.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var rest = body.Span[_position..];
            if (byLine)
            {
                var newline = rest.IndexOf((byte)'\n');
                if (newline >= 0) rest = rest[..(newline + 1)];
            }
            var count = Math.Min(rest.Length, buffer.Length);
            rest[..count].CopyTo(buffer);
            _position += count;
            return count;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<int>(cancellationToken) : new(Read(buffer.Span));

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
