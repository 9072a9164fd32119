using System.Buffers;
using System.Buffers.Text;

namespace ModelGateway.WorkerConnections;

/// <summary>
/// The request side of a connection for one request: the head is written into a pooled buffer, a small body is
/// appended to it so head and body leave in one send, larger writes go straight to the socket. The body is framed
/// as the head announced: exactly Content-Length bytes, or chunks. The buffer goes back to the pool when the request
/// is sent.
/// </summary>
internal sealed class RequestWriteStream : Stream
{
    const int BufferSize = 4096;

    readonly Stream _transport;
    byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    int _length;
    bool _chunked;
    long _bodyBytes;

    public RequestWriteStream(Stream transport) => _transport = transport;

    public long BodyBytes => _bodyBytes;

    /// <summary>From now on writes are body bytes, sent as chunks when <paramref name="chunked"/>.</summary>
    public void StartBody(bool chunked) => _chunked = chunked;

    public void WriteHeadAscii(string text)
    {
        EnsureRoom(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c > 0x7f) throw new HttpRequestException(HttpRequestError.Unknown, "Request headers must contain only ASCII characters.");
            _buffer[_length++] = (byte)c;
        }
    }

    public void WriteHeadBytes(ReadOnlySpan<byte> bytes)
    {
        EnsureRoom(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    public void WriteHeadNumber(long value)
    {
        EnsureRoom(20);
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_length), out var written);
        _length += written;
    }

    void EnsureRoom(int count)
    {
        if (_length + count <= _buffer.Length) return;
        // Only a head larger than the buffer gets here: grow rather than send a head in pieces.
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + count));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        if (data.IsEmpty) return;
        _bodyBytes += data.Length;
        if (_chunked)
        {
            // Chunk header, data, CRLF: copied together when they fit, else the data goes straight out.
            if (_length + data.Length + 20 > _buffer.Length && _length > 0) await FlushBufferAsync(cancellationToken);
            WriteChunkHeader(data.Length);
            if (_length + data.Length + 2 <= _buffer.Length)
            {
                data.Span.CopyTo(_buffer.AsSpan(_length));
                _length += data.Length;
            }
            else
            {
                await FlushBufferAsync(cancellationToken);
                await _transport.WriteAsync(data, cancellationToken);
                // The chunk's end goes out with it: the worker can act on a complete chunk at once.
                await _transport.WriteAsync(ChunkEnd, cancellationToken);
                return;
            }
            WriteHeadBytes("\r\n"u8);
            return;
        }
        if (_length + data.Length <= _buffer.Length)
        {
            data.Span.CopyTo(_buffer.AsSpan(_length));
            _length += data.Length;
            return;
        }
        await FlushBufferAsync(cancellationToken);
        if (data.Length < _buffer.Length)
        {
            data.Span.CopyTo(_buffer);
            _length = data.Length;
        }
        else await _transport.WriteAsync(data, cancellationToken);
    }

    void WriteChunkHeader(int length)
    {
        EnsureRoom(10);
        Utf8Formatter.TryFormat(length, _buffer.AsSpan(_length), out var written, new StandardFormat('X'));
        _length += written;
        _buffer[_length++] = (byte)'\r';
        _buffer[_length++] = (byte)'\n';
    }

    /// <summary>Ends the body (the last chunk when chunked) and sends what is buffered.</summary>
    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        if (_chunked) WriteHeadBytes("0\r\n\r\n"u8);
        await FlushBufferAsync(cancellationToken);
    }

    async ValueTask FlushBufferAsync(CancellationToken cancellationToken)
    {
        if (_length == 0) return;
        var length = _length;
        _length = 0;
        await _transport.WriteAsync(_buffer.AsMemory(0, length), cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    static readonly ReadOnlyMemory<byte> ChunkEnd = "\r\n"u8.ToArray();

    public override Task FlushAsync(CancellationToken cancellationToken) => FlushBufferAsync(cancellationToken).AsTask();

    public override void Flush() { }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
        base.Dispose(disposing);
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
