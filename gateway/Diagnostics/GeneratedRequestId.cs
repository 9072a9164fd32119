namespace ModelGateway.Diagnostics;

/// <summary>The id given to a request that brought no usable X-Request-Id: <c>req_</c> and 32 hex digits.</summary>
internal static class GeneratedRequestId
{
    /// <summary>
    /// The 32 hex digits of a random version-4 GUID, written straight into the one string. The bytes come from
    /// <see cref="Random.Shared"/>: Guid.NewGuid reads the kernel's random source on every call (~0.7 µs per request
    /// here), and an id that clients may also choose themselves is no secret.
    /// </summary>
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4, as Guid.NewGuid
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return string.Create(4 + 32, new Guid(bytes), static (text, guid) =>
        {
            "req_".CopyTo(text);
            guid.TryFormat(text[4..], out _, "N");
        });
    }
}
