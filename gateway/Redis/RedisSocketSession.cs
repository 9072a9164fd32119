using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;

namespace ModelGateway.Redis;

/// <summary>
/// One TCP connection to Redis. Callers' commands go through a write queue to a single writer loop, which records
/// each written command in a FIFO; a single reader loop parses replies and completes the FIFO's head, because Redis
/// answers in the order it receives. When either loop fails, the socket is closed and every command still queued or
/// in flight fails with <see cref="RedisUnavailableException"/>; <see cref="Closed"/> then reports why.
/// </summary>
internal sealed class RedisSocketSession : IAsyncDisposable
{
    const int FlushThreshold = 64 * 1024;

    readonly Socket _socket;
    readonly NetworkStream _stream;
    readonly PipeReader _input;
    readonly PipeWriter _output;
    readonly Channel<PendingCommand> _writeQueue = Channel.CreateUnbounded<PendingCommand>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });
    readonly ConcurrentQueue<PendingCommand> _awaitingReply = new();
    readonly CancellationTokenSource _stop = new();
    readonly TaskCompletionSource<Exception> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly RedisCounters _counters;
    readonly TimeProvider _time;
    readonly string _endpoint;
    Task? _run;

    RedisSocketSession(Socket socket, string endpoint, RedisCounters counters, TimeProvider time)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024));
        _output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(minimumBufferSize: 16 * 1024));
        _endpoint = endpoint;
        _counters = counters;
        _time = time;
    }

    /// <summary>Completes, with the reason, once the connection is gone and every outstanding command has failed.</summary>
    public Task<Exception> Closed => _closed.Task;

    public bool IsOpen => !_closed.Task.IsCompleted;

    /// <summary>Opens the socket and starts the loops; the caller runs the handshake (AUTH, SELECT) on the result.</summary>
    public static async Task<RedisSocketSession> OpenAsync(RedisEndpoint endpoint, RedisCounters counters, TimeProvider time, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // Keep-alive lets the OS notice a peer that vanished without closing the connection.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            await socket.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var session = new RedisSocketSession(socket, endpoint.ToString(), counters, time);
        session._run = session.RunAsync();
        return session;
    }

    public Task<RedisReply> ExecuteAsync(string command, IReadOnlyList<RedisArgument> args, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var pending = new PendingCommand(command, args, _counters);
        pending.Arm(_time, timeout, _endpoint, cancellationToken);
        if (!_writeQueue.Writer.TryWrite(pending))
            pending.Fail(new RedisUnavailableException($"The connection to Redis at {_endpoint} was closed."));
        return pending.Task;
    }

    async Task RunAsync()
    {
        var token = _stop.Token;
        var reading = Task.Run(() => ReadLoopAsync(token));
        var writing = Task.Run(() => WriteLoopAsync(token));
        var first = await Task.WhenAny(reading, writing);
        var reason = first.Exception?.GetBaseException() ?? new IOException("The connection was closed.");
        if (_stop.IsCancellationRequested) reason = new ObjectDisposedException(nameof(RedisSocketSession), "The connection was closed by the client.");

        // Stop the other loop by closing the socket, then fail everything that can no longer be answered.
        _stop.Cancel();
        _socket.Dispose();
        try { await Task.WhenAll(reading, writing); } catch { /* the first failure is the reason */ }
        _writeQueue.Writer.TryComplete();
        var lost = new RedisUnavailableException($"The connection to Redis at {_endpoint} was lost: {reason.Message}", reason);
        while (_writeQueue.Reader.TryRead(out var queued)) queued.Fail(lost);
        while (_awaitingReply.TryDequeue(out var inFlight)) inFlight.Fail(lost);
        try
        {
            await _input.CompleteAsync();
            await _output.CompleteAsync();
        }
        catch (Exception) { /* the socket is gone already; nothing left to release */ }
        _closed.TrySetResult(reason);
    }

    async Task WriteLoopAsync(CancellationToken token)
    {
        var queue = _writeQueue.Reader;
        while (await queue.WaitToReadAsync(token))
        {
            while (queue.TryRead(out var pending))
            {
                // Timed out or cancelled before being sent: never send it, so no reply is expected for it.
                if (pending.IsCompleted) continue;
                // Recorded before its bytes can reach the server, so its reply always finds it in the FIFO.
                _awaitingReply.Enqueue(pending);
                RespCommandWriter.Write(_output, pending.Command, pending.Args);
                if (_output.UnflushedBytes >= FlushThreshold)
                    await FlushAsync(token);
            }
            // Everything queued meanwhile goes out in one write: that is the pipelining.
            await FlushAsync(token);
        }
    }

    async ValueTask FlushAsync(CancellationToken token)
    {
        var result = await _output.FlushAsync(token);
        if (result.IsCompleted) throw new IOException("The server stopped accepting data.");
    }

    async Task ReadLoopAsync(CancellationToken token)
    {
        while (true)
        {
            var result = await _input.ReadAsync(token);
            var buffer = result.Buffer;
            while (RespParser.TryRead(ref buffer, out var reply))
            {
                if (!_awaitingReply.TryDequeue(out var pending))
                    throw new RedisProtocolException("The server sent a reply no command was waiting for.");
                pending.Complete(reply);
            }
            _input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
                throw new IOException("The server closed the connection.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_run is null) return;
        // Idempotent: both the connection loop and the connection's own disposal may get here.
        _stop.Cancel();
        await Closed;
    }
}
