using System.Runtime.CompilerServices;
using System.Buffers.Text;

namespace ModelGateway.WorkerConnections;

/// <summary>
/// A chunked body: chunk sizes and the CRLF after each chunk are consumed as soon as they are buffered, so a stream
/// between chunks has an empty buffer (a rented one back in the pool) and waits with the connection's own small one. Trailers are read and
/// ignored. Chunk data not yet buffered is read straight into the caller's memory.
/// </summary>
internal sealed class ChunkedBodyStream(WorkerConnection connection, bool keepAlive) : ResponseBodyStream(connection, keepAlive)
{
    /// <summary>Longest chunk-size line or trailer line accepted.</summary>
    const int MaxLineBytes = 16 * 1024;

    enum State { Size, Data, DataEnd, Trailers, Done }

    State _state = State.Size;
    long _chunkRemaining;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    protected override async ValueTask<int> ReadAsync(WorkerConnection connection, Memory<byte> destination, CancellationToken cancellationToken)
    {
        while (true)
        {
            ParseFraming(connection);
            if (_state == State.Done)
            {
                Complete();
                return 0;
            }
            if (_state == State.Data)
            {
                int read;
                if (connection.Buffered > 0)
                {
                    if (destination.IsEmpty) return 0;
                    return CopyBufferedChunks(connection, destination.Span);
                }
                if (destination.IsEmpty)
                {
                    await connection.WaitForDataAsync(cancellationToken);
                    return 0;
                }
                else
                {
                    read = await connection.ReadDirectAsync(destination[..(int)Math.Min(destination.Length, _chunkRemaining)], cancellationToken);
                    if (read == 0) throw Ended();
                }
                _chunkRemaining -= read;
                if (_chunkRemaining == 0)
                {
                    _state = State.DataEnd;
                    // Eat the CRLF (and the next size line) now if they are here, so the buffer can go back.
                    ParseFraming(connection);
                    if (_state == State.Done) Complete();
                }
                return read;
            }
            // Framing bytes are missing: fetch more.
            if (!await connection.FillAsync(MaxLineBytes, cancellationToken)) throw Ended();
        }
    }

    /// <summary>
    /// Copies as many buffered chunks as fit: a burst of tokens that arrived together leaves in one read (and one
    /// write to the client) rather than one per chunk.
    /// </summary>
    int CopyBufferedChunks(WorkerConnection connection, Span<byte> destination)
    {
        var total = 0;
        while (true)
        {
            var read = connection.CopyBuffered(destination[total..], _chunkRemaining);
            total += read;
            _chunkRemaining -= read;
            if (_chunkRemaining > 0) return total;
            _state = State.DataEnd;
            ParseFraming(connection);
            if (_state == State.Done)
            {
                Complete();
                return total;
            }
            if (_state != State.Data || connection.Buffered == 0 || total == destination.Length) return total;
        }
    }

    protected override bool TryFinishFromBuffer(WorkerConnection connection)
    {
        while (true)
        {
            ParseFraming(connection);
            if (_state == State.Done) return true;
            if (_state != State.Data || connection.Buffered == 0) return false;
            var skipped = (int)Math.Min(connection.Buffered, _chunkRemaining);
            connection.Consume(skipped);
            _chunkRemaining -= skipped;
            if (_chunkRemaining == 0) _state = State.DataEnd;
        }
    }

    /// <summary>Consumes every complete piece of framing that is buffered.</summary>
    void ParseFraming(WorkerConnection connection)
    {
        while (connection.Buffered > 0)
        {
            var bytes = connection.BufferedSpan;
            switch (_state)
            {
                case State.DataEnd:
                    if (bytes[0] == '\n') { connection.Consume(1); _state = State.Size; break; }
                    if (bytes[0] != '\r') throw Invalid();
                    if (bytes.Length < 2) return;
                    if (bytes[1] != '\n') throw Invalid();
                    connection.Consume(2);
                    _state = State.Size;
                    break;
                case State.Size:
                {
                    var newline = bytes.IndexOf((byte)'\n');
                    if (newline < 0) return;
                    var line = bytes[..newline];
                    var end = line.IndexOfAny((byte)';', (byte)'\r');
                    var digits = (end < 0 ? line : line[..end]).Trim(" \t"u8);
                    if (digits.IsEmpty || digits.Length > 15 || !Utf8Parser.TryParse(digits, out long size, out var used, 'X') || used != digits.Length)
                        throw Invalid();
                    connection.Consume(newline + 1);
                    if (size == 0) _state = State.Trailers;
                    else
                    {
                        _chunkRemaining = size;
                        _state = State.Data;
                    }
                    break;
                }
                case State.Trailers:
                {
                    var newline = bytes.IndexOf((byte)'\n');
                    if (newline < 0) return;
                    var empty = newline == 0 || (newline == 1 && bytes[0] == '\r');
                    connection.Consume(newline + 1);
                    if (empty)
                    {
                        _state = State.Done;
                        return;
                    }
                    break;
                }
                default:
                    return;
            }
        }
    }

    static HttpIOException Invalid() => new(HttpRequestError.InvalidResponse, "Received an invalid chunk terminator or chunk size.");
}
