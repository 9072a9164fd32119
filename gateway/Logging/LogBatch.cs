namespace ModelGateway.Logging;

/// <summary>Encoded log lines waiting to be written together: one growable byte buffer, owned by one side at a time.</summary>
internal sealed class LogBatch
{
    const int InitialBytes = 16 * 1024;
    /// <summary>A burst (or one huge line) may grow the buffer; it is given back afterwards so idle memory stays small.</summary>
    const int RetainedBytes = 1024 * 1024;

    byte[] _bytes = new byte[InitialBytes];
    int _length;

    public int Length => _length;

    public ReadOnlySpan<byte> Bytes => _bytes.AsSpan(0, _length);

    public void Append(ReadOnlySpan<byte> line)
    {
        if (_bytes.Length - _length < line.Length)
        {
            var grown = new byte[Math.Max(_bytes.Length * 2, _length + line.Length)];
            _bytes.AsSpan(0, _length).CopyTo(grown);
            _bytes = grown;
        }
        line.CopyTo(_bytes.AsSpan(_length));
        _length += line.Length;
    }

    public void Clear()
    {
        _length = 0;
        if (_bytes.Length > RetainedBytes) _bytes = new byte[InitialBytes];
    }
}
