using System.Text;

namespace ModelGateway.Tests.Logging;

/// <summary>
/// An output stream that records each write separately and can be held: while held, a write waits inside
/// <see cref="Write(ReadOnlySpan{byte})"/>, as a write to a pipe nobody reads does.
/// </summary>
internal sealed class RecordingStream : Stream
{
    readonly object _gate = new();
    readonly List<byte[]> _writes = [];
    readonly ManualResetEventSlim _released = new(initialState: true);
    readonly SemaphoreSlim _writeStarted = new(0);

    /// <summary>Makes the next writes wait until <see cref="Release"/>.</summary>
    public void Hold() => _released.Reset();

    public void Release() => _released.Set();

    /// <summary>Waits until a write has started (and, when held, is waiting).</summary>
    public bool WaitForWrite(TimeSpan timeout) => _writeStarted.Wait(timeout);

    public int WriteCount { get { lock (_gate) return _writes.Count; } }

    public string Text { get { lock (_gate) return string.Concat(_writes.Select(w => Encoding.UTF8.GetString(w))); } }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _writeStarted.Release();
        _released.Wait(TimeSpan.FromSeconds(30));
        lock (_gate) _writes.Add(buffer.ToArray());
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush() { }
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
