using System.Text.Unicode;
using ModelGateway.Transforms.Serialization;

namespace ModelGateway.Transforms.Shared;

/// <summary>
/// Matches a native line, byte for byte, against the exact layout Ollama writes for a plain token (its field order,
/// no whitespace, no escapes): a cursor that steps over literal JSON text and simple string values. A line that
/// matches every step is valid JSON with exactly those fields, so it needs no JSON reader at all; any other line
/// (reordered, escaped, extra fields, …) fails a step and the caller falls back to reading it field by field.
/// </summary>
internal ref struct OllamaLineLayout(ReadOnlySpan<byte> line)
{
    ReadOnlySpan<byte> _rest = line;

    /// <summary>Steps over <paramref name="text"/> if the line continues with exactly it.</summary>
    public bool Literal(ReadOnlySpan<byte> text)
    {
        if (!_rest.StartsWith(text)) return false;
        _rest = _rest[text.Length..];
        return true;
    }

    /// <summary>
    /// Steps over a string's text and its closing quote (the opening one is part of the preceding literal). The text
    /// must need no unescaping and be what a reader would decode without error: no backslash, no control character,
    /// well-formed UTF-8.
    /// </summary>
    public bool PlainString()
    {
        var end = _rest.IndexOfAny((byte)'"', (byte)'\\');
        if (end < 0 || _rest[end] != '"') return false;
        var text = _rest[..end];
        if (text.IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0 || !Utf8.IsValid(text)) return false;
        _rest = _rest[(end + 1)..];
        return true;
    }

    /// <summary>
    /// Like <see cref="PlainString"/>, for a value to copy to the output as it is: it must also hold nothing the output
    /// encoder would escape (the encoder flags control characters, quotes and ill-formed UTF-8 too).
    /// </summary>
    public bool VerbatimString(out ReadOnlySpan<byte> value)
    {
        value = default;
        var end = _rest.IndexOfAny((byte)'"', (byte)'\\');
        if (end < 0 || _rest[end] != '"') return false;
        var text = _rest[..end];
        if (JsonWriting.Options.Encoder!.FindFirstCharacterToEncodeUtf8(text) >= 0) return false;
        value = text;
        _rest = _rest[(end + 1)..];
        return true;
    }

    /// <summary>Nothing but JSON whitespace is left.</summary>
    public readonly bool AtEnd() => _rest.Trim(" \t\r\n"u8).IsEmpty;
}
