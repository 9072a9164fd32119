using System.Runtime.CompilerServices;
namespace ModelGateway.WorkerConnections;

/// <summary>A body with neither length nor chunks: it ends when the worker closes the connection.</summary>
internal sealed class CloseDelimitedBodyStream(WorkerConnection connection) : ResponseBodyStream(connection, keepAlive: false)
{
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    protected override async ValueTask<int> ReadAsync(WorkerConnection connection, Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (connection.Buffered > 0)
            return destination.IsEmpty ? 0 : connection.CopyBuffered(destination.Span, long.MaxValue);
        if (destination.IsEmpty)
        {
            await connection.WaitForDataAsync(cancellationToken);
            return 0;
        }
        var read = await connection.ReadDirectAsync(destination, cancellationToken);
        if (read == 0) Complete(keepAlive: false);
        return read;
    }
}
