namespace ModelGateway.Logging;

/// <summary>
/// Encoded console log lines on their way to stdout (or stderr). Adding a line never waits for the output: when
/// <see cref="MaxQueuedLines"/> lines are already waiting, the line is dropped and counted, and once the writer has
/// taken the backlog it reports the number dropped in one line. One background thread takes everything queued at
/// once and writes it with one write per stream, so a busy gateway makes about a hundred writes a second at most instead
/// of one per line. Disposing drains what was accepted (bounded by <see cref="DrainTimeout"/> if the output is stuck).
/// </summary>
internal sealed class ConsoleLogQueue : IDisposable
{
    /// <summary>After a write the writer lets lines gather this long, so under load it wakes per batch, not per line.</summary>
    static readonly TimeSpan GatherDelay = TimeSpan.FromMilliseconds(10);
    static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    readonly Stream _stdout;
    readonly Stream _stderr;
    readonly Action<long> _reportDropped;
    readonly object _gate = new();
    readonly Thread _writer;

    // Lines added since the writer last took them; the writer swaps these with its own pair under the lock.
    LogBatch _queuedOut = new(), _queuedErr = new();
    LogBatch _writingOut = new(), _writingErr = new();
    int _queuedLines;
    long _droppedUnreported;
    long _droppedTotal;
    bool _writerWaiting;
    bool _stopping;
    bool _writerDone;
    volatile int _maxQueuedLines;

    /// <param name="reportDropped">Called on the writer thread with the number of lines just dropped; it logs the notice.</param>
    public ConsoleLogQueue(Stream stdout, Stream stderr, int maxQueuedLines, Action<long> reportDropped)
    {
        _stdout = stdout;
        _stderr = stderr;
        MaxQueuedLines = maxQueuedLines;
        _reportDropped = reportDropped;
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "Console log writer" };
        _writer.Start();
    }

    public int MaxQueuedLines
    {
        get => _maxQueuedLines;
        set => _maxQueuedLines = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "must be positive");
    }

    /// <summary>Lines dropped since start because the output did not keep up.</summary>
    public long DroppedLines => Interlocked.Read(ref _droppedTotal);

    /// <summary>Queues one encoded line (or, after the writer has stopped, writes it at once). False when it was dropped.</summary>
    public bool TryAdd(ReadOnlySpan<byte> line, bool toStandardError)
    {
        lock (_gate)
        {
            if (_writerDone)
            {
                // Shutting down: whoever logs this late writes it themselves, as nothing else will.
                Write(toStandardError ? _stderr : _stdout, line);
                return true;
            }
            if (_queuedLines >= _maxQueuedLines)
            {
                _droppedUnreported++;
                Interlocked.Increment(ref _droppedTotal);
                return false;
            }
            (toStandardError ? _queuedErr : _queuedOut).Append(line);
            _queuedLines++;
            if (_writerWaiting)
            {
                _writerWaiting = false;
                Monitor.Pulse(_gate);
            }
            return true;
        }
    }

    void WriteLoop()
    {
        while (true)
        {
            long dropped;
            bool stopping;
            lock (_gate)
            {
                while (_queuedLines == 0 && _droppedUnreported == 0 && !_stopping)
                {
                    _writerWaiting = true;
                    Monitor.Wait(_gate);
                }
                _writerWaiting = false;
                if (_queuedLines == 0 && _droppedUnreported == 0)
                {
                    _writerDone = true;
                    return;
                }
                (_queuedOut, _writingOut) = (_writingOut, _queuedOut);
                (_queuedErr, _writingErr) = (_writingErr, _queuedErr);
                _queuedLines = 0;
                dropped = _droppedUnreported;
                _droppedUnreported = 0;
                stopping = _stopping;
            }
            WriteAndClear(_stdout, _writingOut);
            WriteAndClear(_stderr, _writingErr);
            // The queue has room again: say how many lines were lost (the notice is itself queued, next batch).
            if (dropped > 0) _reportDropped(dropped);
            if (!stopping) Thread.Sleep(GatherDelay);
        }
    }

    static void WriteAndClear(Stream stream, LogBatch batch)
    {
        if (batch.Length == 0) return;
        Write(stream, batch.Bytes);
        batch.Clear();
    }

    static void Write(Stream stream, ReadOnlySpan<byte> bytes)
    {
        try
        {
            stream.Write(bytes);
            stream.Flush();
        }
        // An output that is gone (closed pipe, full disk) must not take the process down with it.
        catch (IOException) { }
        catch (ObjectDisposedException) { }
        catch (NotSupportedException) { }
    }

    /// <summary>Writes out everything accepted so far, then stops the writer.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_stopping) return;
            _stopping = true;
            Monitor.Pulse(_gate);
        }
        _writer.Join(DrainTimeout);
    }
}
