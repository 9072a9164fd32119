using System.Buffers.Binary;
using System.Text;

namespace ModelGateway.Caching;

/// <summary>
/// A stored worker reply: its Content-Type, when it was stored and its body exactly as the worker sent it.
/// Stored as "MGC1", the time (unix ms, 8 bytes), the Content-Type length (2 bytes) and text, then the body.
/// </summary>
internal sealed record CachedReply(string ContentType, DateTimeOffset StoredAt, ReadOnlyMemory<byte> Body)
{
    static ReadOnlySpan<byte> Magic => "MGC1"u8;
    const int FixedHeader = 4 + 8 + 2;

    public bool IsNdjson => ContentType.Contains("ndjson", StringComparison.OrdinalIgnoreCase);

    public byte[] Encode()
    {
        var type = Encoding.UTF8.GetBytes(ContentType);
        var data = new byte[FixedHeader + type.Length + Body.Length];
        Magic.CopyTo(data);
        BinaryPrimitives.WriteInt64BigEndian(data.AsSpan(4), StoredAt.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(12), checked((ushort)type.Length));
        type.CopyTo(data.AsSpan(FixedHeader));
        Body.Span.CopyTo(data.AsSpan(FixedHeader + type.Length));
        return data;
    }

    /// <summary>False for bytes that are not an entry of this format (another writer, an older version, damage).</summary>
    public static bool TryDecode(byte[] data, out CachedReply reply)
    {
        reply = null!;
        if (data.Length < FixedHeader || !data.AsSpan(0, 4).SequenceEqual(Magic)) return false;
        var storedAt = BinaryPrimitives.ReadInt64BigEndian(data.AsSpan(4));
        int typeLength = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(12));
        if (data.Length < FixedHeader + typeLength) return false;
        string type;
        try { type = new UTF8Encoding(false, true).GetString(data, FixedHeader, typeLength); }
        catch (DecoderFallbackException) { return false; }
        if (storedAt < 0 || storedAt > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()) return false;
        reply = new CachedReply(type, DateTimeOffset.FromUnixTimeMilliseconds(storedAt), data.AsMemory(FixedHeader + typeLength));
        return true;
    }
}
