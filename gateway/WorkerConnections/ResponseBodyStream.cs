using System.Runtime.CompilerServices;
using System.Net.Sockets;

namespace ModelGateway.WorkerConnections;

/// <summary>
/// A response body read from a worker connection. Ending the body hands the connection back (or closes it); disposing
/// the stream before the end closes it, so a half-read connection never returns to the pool. A zero-byte read waits
/// for data without renting a buffer (the connection reads into its own small one).
/// </summary>
internal abstract class ResponseBodyStream : Stream
{
    WorkerConnection? _connection;
    readonly bool _keepAlive;
    bool _broken;

    protected ResponseBodyStream(WorkerConnection? connection, bool keepAlive)
    {
        _connection = connection;
        _keepAlive = keepAlive;
    }

    /// <summary>A body with nothing in it (HEAD, 204, 304, Content-Length: 0).</summary>
    public static ResponseBodyStream Empty { get; } = new EmptyBodyStream();

    /// <summary>True while the connection still belongs to this body.</summary>
    internal bool HoldsConnection => _connection is not null;

    // Pooled state machines (here, in the framings' reads and the connection's): a paced stream completes every read
    // asynchronously, and a state machine allocated per await would be garbage per token.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public sealed override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (_connection is not { } connection)
            return _broken ? throw Ended() : 0;
        try
        {
            return await ReadAsync(connection, destination, cancellationToken);
        }
        catch (Exception ex)
        {
            _broken = true;
            _connection = null;
            connection.Dispose();
            if (cancellationToken.IsCancellationRequested)
                throw ex as OperationCanceledException ?? new TaskCanceledException("The operation was canceled.", ex, cancellationToken);
            throw ex switch
            {
                IOException or HttpRequestException or OperationCanceledException or ObjectDisposedException => ex,
                SocketException => new IOException($"Unable to read data from the transport connection: {ex.Message}.", ex),
                _ => new IOException("The response ended prematurely.", ex),
            };
        }
    }

    /// <summary>Reads the next body bytes; returns 0 for a zero-byte read once data is there, or at the end.</summary>
    protected abstract ValueTask<int> ReadAsync(WorkerConnection connection, Memory<byte> destination, CancellationToken cancellationToken);

    /// <summary>The body ended as framed: the connection may carry the next request.</summary>
    protected void Complete(bool keepAlive = true)
    {
        var connection = _connection;
        _connection = null;
        connection?.Release(_keepAlive && keepAlive);
    }

    protected static HttpIOException Ended() => new(HttpRequestError.ResponseEnded, "The response ended prematurely.");

    public sealed override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public sealed override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// Consumes the rest of the body if all of it is already buffered (a small answer disposed unread, such as a
    /// health probe's), so the connection can still be reused.
    /// </summary>
    protected virtual bool TryFinishFromBuffer(WorkerConnection connection) => false;

    protected override void Dispose(bool disposing)
    {
        if (disposing && _connection is { } connection)
        {
            bool finished;
            try { finished = !_broken && TryFinishFromBuffer(connection); }
            catch (Exception ex) when (ex is IOException or HttpRequestException) { finished = false; }
            if (finished) Complete();
            else
            {
                _connection = null;
                connection.Dispose();
            }
        }
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    sealed class EmptyBodyStream() : ResponseBodyStream(null, false)
    {
        protected override ValueTask<int> ReadAsync(WorkerConnection connection, Memory<byte> destination, CancellationToken cancellationToken) => new(0);
    }
}
