using System.Runtime.CompilerServices;
namespace ModelGateway.WorkerConnections;

/// <summary>A body of exactly Content-Length bytes; reads past the buffered bytes go straight into the caller's memory.</summary>
internal sealed class ContentLengthBodyStream(WorkerConnection connection, long length, bool keepAlive) : ResponseBodyStream(connection, keepAlive)
{
    long _remaining = length;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    protected override async ValueTask<int> ReadAsync(WorkerConnection connection, Memory<byte> destination, CancellationToken cancellationToken)
    {
        int read;
        if (connection.Buffered > 0)
        {
            if (destination.IsEmpty) return 0;
            read = connection.CopyBuffered(destination.Span, _remaining);
        }
        else if (destination.IsEmpty)
        {
            await connection.WaitForDataAsync(cancellationToken);
            return 0;
        }
        else
        {
            read = await connection.ReadDirectAsync(destination[..(int)Math.Min(destination.Length, _remaining)], cancellationToken);
            if (read == 0) throw Ended();
        }
        _remaining -= read;
        if (_remaining == 0) Complete();
        return read;
    }

    protected override bool TryFinishFromBuffer(WorkerConnection connection)
    {
        if (connection.Buffered < _remaining) return false;
        connection.Consume((int)_remaining);
        _remaining = 0;
        return true;
    }
}
