using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace ModelGateway.Redis;

/// <summary>
/// One TCP connection to Redis. A caller's command is encoded into the send buffer and recorded in a FIFO under one
/// lock, so the FIFO holds commands in the order their bytes go out; whoever finds no send in progress sends the
/// buffer on its own thread, and everything other callers add meanwhile goes out in its next write (that is the
/// pipelining). A single reader loop parses replies and completes the FIFO's head, because Redis answers in the order
/// it receives. No command waits for a thread of its own on the way out: on a busy gateway a hop to a writer thread
/// per command cost more than the command. When sending or reading fails, the socket is closed and every command
/// still in flight fails with <see cref="RedisUnavailableException"/>; <see cref="Closed"/> then reports why.
/// A server that stops answering while the socket stays up (stopped, overloaded, a long script) is "stalled" once
/// commands have waited Redis:StallTimeout without any reply: new commands then fail at once instead of queueing
/// behind it, so a hung Redis neither holds every request for its timeouts nor piles up commands in memory.
/// </summary>
internal sealed class RedisSocketSession : IAsyncDisposable
{
    /// <summary>A send buffer that grew beyond this (a large cached body) is not kept for the next commands.</summary>
    const int KeptBufferBytes = 64 * 1024;

    /// <summary>Bytes waiting behind a send in progress beyond which new commands fail at once (a server not reading).</summary>
    internal const int MaxUnsentBytes = 16 * 1024 * 1024;

    readonly Socket _socket;
    readonly NetworkStream _stream;
    readonly PipeReader _input;
    readonly Lock _sendGate = new();
    // Filled by callers under _sendGate; swapped with _sending by the sender, which sends it outside the lock.
    ArrayBufferWriter<byte> _filling = new(4096), _sending = new(4096);
    bool _sendInProgress, _closedForSends;
    readonly ConcurrentQueue<PendingCommand> _awaitingReply = new();
    readonly CancellationTokenSource _stop = new();
    readonly TaskCompletionSource<Exception> _sendFailed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly TaskCompletionSource<Exception> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly RedisCounters _counters;
    readonly TimeProvider _time;
    readonly string _endpoint;
    readonly bool _completeInline;
    readonly long _stallTicks;
    // Timestamps (TimeProvider ticks): when the reader last got a reply, and when the FIFO last went from empty to waiting.
    long _lastReply, _waitingSince;
    Task? _run;

    RedisSocketSession(Socket socket, string endpoint, RedisCounters counters, TimeProvider time, bool completeInline, TimeSpan stallTimeout)
    {
        _completeInline = completeInline;
        _stallTicks = (long)(stallTimeout.TotalSeconds * time.TimestampFrequency);
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024));
        _endpoint = endpoint;
        _counters = counters;
        _time = time;
    }

    /// <summary>Completes, with the reason, once the connection is gone and every outstanding command has failed.</summary>
    public Task<Exception> Closed => _closed.Task;

    public bool IsOpen => !_closed.Task.IsCompleted;

    /// <summary>How long commands have waited without any reply, once that is Redis:StallTimeout or more; else null.</summary>
    public TimeSpan? StalledFor
    {
        get
        {
            if (_awaitingReply.IsEmpty) return null;
            var silent = SilentTicks(_time.GetTimestamp());
            return silent >= _stallTicks ? TimeSpan.FromSeconds(silent / (double)_time.TimestampFrequency) : null;
        }
    }

    /// <summary>Time since the last reply, or since commands began waiting when that is later (meaningful while some wait).</summary>
    long SilentTicks(long now) => now - Math.Max(Volatile.Read(ref _lastReply), Volatile.Read(ref _waitingSince));

    /// <summary>Opens the socket and starts the reader; the caller runs the handshake (AUTH, SELECT) on the result.</summary>
    /// <param name="completeInline">
    /// Whether a reply's caller goes on on the reader's thread (with inline I/O completions, the gateway's default
    /// scheduling: a hop to the pool per reply cost more than the rest of the request) or on a thread-pool thread.
    /// </param>
    /// <param name="stallTimeout">Redis:StallTimeout (see the class remarks).</param>
    public static async Task<RedisSocketSession> OpenAsync(RedisEndpoint endpoint, RedisCounters counters, TimeProvider time, bool completeInline,
        TimeSpan stallTimeout, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // Keep-alive lets the OS notice a peer that vanished without closing the connection.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            // Data the peer never acknowledges drops the connection after 30 s instead of Linux's ~15 minutes of
            // retransmissions, so a Redis that vanished (host down, network cut) is reconnected to within a minute.
            if (OperatingSystem.IsLinux()) socket.SetRawSocketOption(IpProtocolTcp, TcpUserTimeout, BitConverter.GetBytes(UnacknowledgedDataTimeoutMs));
            await socket.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var session = new RedisSocketSession(socket, endpoint.ToString(), counters, time, completeInline, stallTimeout);
        session._run = session.RunAsync();
        return session;
    }

    public Task<RedisReply> ExecuteAsync(string command, IReadOnlyList<RedisArgument> args, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var pending = new PendingCommand(command, args, _counters);
        pending.Arm(_time, timeout, _endpoint, cancellationToken);
        bool closed, startSending = false;
        long silentTicks = 0, unsent = 0;
        lock (_sendGate)
        {
            closed = _closedForSends;
            if (!closed)
            {
                var now = _time.GetTimestamp();
                if (_awaitingReply.IsEmpty) Volatile.Write(ref _waitingSince, now);
                else silentTicks = SilentTicks(now);
                unsent = _filling.WrittenCount;
                if (silentTicks < _stallTicks && unsent < MaxUnsentBytes)
                {
                    // Recorded before its bytes can reach the server, so its reply always finds it in the FIFO. A command
                    // that times out before being sent is still sent: its reply keeps its place in the order.
                    _awaitingReply.Enqueue(pending);
                    RespCommandWriter.Write(_filling, pending.Command, pending.Args);
                    startSending = !_sendInProgress;
                    _sendInProgress = true;
                }
            }
        }
        if (closed) pending.Fail(new RedisUnavailableException($"The connection to Redis at {_endpoint} was closed."));
        else if (silentTicks >= _stallTicks)
            pending.Fail(new RedisUnavailableException(
                $"Redis at {_endpoint} has not answered for {silentTicks * 1000 / _time.TimestampFrequency} ms with commands waiting (Redis:StallTimeout); new commands fail at once until it answers."));
        else if (unsent >= MaxUnsentBytes)
            pending.Fail(new RedisUnavailableException($"Redis at {_endpoint} is not reading: {unsent / (1024 * 1024)} MB of commands wait to be sent."));
        else if (startSending) _ = SendAsync();
        return pending.Task;
    }

    /// <summary>Sends the buffer until callers stop adding to it. Runs on the thread of the caller that started it.</summary>
    async Task SendAsync()
    {
        try
        {
            while (true)
            {
                ArrayBufferWriter<byte> batch;
                lock (_sendGate)
                {
                    if (_filling.WrittenCount == 0 || _closedForSends)
                    {
                        _sendInProgress = false;
                        return;
                    }
                    batch = _filling;
                    _filling = _sending;
                    _sending = batch;
                }
                var bytes = batch.WrittenMemory;
                while (!bytes.IsEmpty)
                {
                    var sent = await _socket.SendAsync(bytes, SocketFlags.None, _stop.Token);
                    if (sent <= 0) throw new IOException("The server stopped accepting data.");
                    bytes = bytes[sent..];
                }
                batch.ResetWrittenCount();
                if (batch.Capacity > KeptBufferBytes)
                    lock (_sendGate) _sending = new ArrayBufferWriter<byte>(4096);
            }
        }
        catch (Exception ex)
        {
            lock (_sendGate) _sendInProgress = false;
            _sendFailed.TrySetResult(ex);
        }
    }

    async Task RunAsync()
    {
        var token = _stop.Token;
        var reading = Task.Run(() => ReadLoopAsync(token));
        var first = await Task.WhenAny(reading, _sendFailed.Task);
        var reason = first == reading
            ? reading.Exception?.GetBaseException() ?? new IOException("The connection was closed.")
            : _sendFailed.Task.Result;
        if (_stop.IsCancellationRequested) reason = new ObjectDisposedException(nameof(RedisSocketSession), "The connection was closed by the client.");

        // Stop the reader (and a send in progress) by closing the socket, then fail everything that can no longer be answered.
        _stop.Cancel();
        _socket.Dispose();
        try { await reading; } catch { /* the first failure is the reason */ }
        lock (_sendGate) _closedForSends = true;
        var lost = new RedisUnavailableException($"The connection to Redis at {_endpoint} was lost: {reason.Message}", reason);
        while (_awaitingReply.TryDequeue(out var inFlight)) inFlight.Fail(lost);
        try
        {
            await _input.CompleteAsync();
        }
        catch (Exception) { /* the socket is gone already; nothing left to release */ }
        _closed.TrySetResult(reason);
    }

    async Task ReadLoopAsync(CancellationToken token)
    {
        while (true)
        {
            var result = await _input.ReadAsync(token);
            var buffer = result.Buffer;
            if (!buffer.IsEmpty) Volatile.Write(ref _lastReply, _time.GetTimestamp());
            while (RespParser.TryRead(ref buffer, out var reply))
            {
                if (!_awaitingReply.TryDequeue(out var pending))
                    throw new RedisProtocolException("The server sent a reply no command was waiting for.");
                if (_completeInline) pending.Complete(reply);
                else pending.CompleteOnThreadPool(reply);
            }
            _input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
                throw new IOException("The server closed the connection.");
        }
    }

    const int IpProtocolTcp = 6, TcpUserTimeout = 18, UnacknowledgedDataTimeoutMs = 30_000;

    public async ValueTask DisposeAsync()
    {
        if (_run is null) return;
        // Idempotent: both the connection loop and the connection's own disposal may get here.
        _stop.Cancel();
        await Closed;
    }
}
