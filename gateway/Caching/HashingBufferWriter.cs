using System.Buffers;
using System.Security.Cryptography;

namespace ModelGateway.Caching;

/// <summary>An <see cref="IBufferWriter{T}"/> that hashes what is written instead of keeping it.</summary>
internal sealed class HashingBufferWriter : IBufferWriter<byte>, IDisposable
{
    readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    byte[] _buffer = new byte[4096];

    public void Advance(int count) => _hash.AppendData(_buffer, 0, count);

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        if (sizeHint > _buffer.Length) _buffer = new byte[Math.Max(sizeHint, _buffer.Length * 2)];
        return _buffer;
    }

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public void Append(ReadOnlySpan<byte> data) => _hash.AppendData(data);

    public string GetHexHash() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public void Dispose() => _hash.Dispose();
}
