namespace ModelGateway.Transforms.Shared;

/// <summary>
/// A string value read from a native line, kept as the line's own bytes when they can go out unchanged (no escapes
/// in, nothing the output encoder would escape), otherwise as the decoded text to be escaped on the way out.
/// </summary>
internal readonly ref struct NativeString
{
    NativeString(ReadOnlySpan<byte> verbatim, string? text)
    {
        Verbatim = verbatim;
        Text = text;
    }

    /// <summary>Bytes to write between quotes as they are; empty when <see cref="Text"/> is set.</summary>
    public ReadOnlySpan<byte> Verbatim { get; }

    /// <summary>The decoded value when it has to be re-escaped; null when <see cref="Verbatim"/> holds it.</summary>
    public string? Text { get; }

    /// <summary>Null, absent and "" alike: nothing to send.</summary>
    public bool IsEmpty => Text is null ? Verbatim.IsEmpty : Text.Length == 0;

    public static NativeString FromVerbatim(ReadOnlySpan<byte> utf8) => new(utf8, null);

    public static NativeString FromText(string? text) => new(default, text);
}
