using System.Buffers;

namespace ModelGateway.Transforms.Shared;

/// <summary>
/// One stream's token chunk as bytes built once: everything before the token's value (<c>data: </c>, id, object,
/// created, model, … up to the open delta or choice) and everything after it (the closing fields and <c>\n\n</c>).
/// A token then costs two copies and its value, instead of re-writing and re-escaping the envelope each time. The
/// owner builds both halves with the same <see cref="System.Text.Json.Utf8JsonWriter"/> calls its slow path uses.
/// </summary>
internal sealed class SseChunkTemplate(byte[] prefix, byte[] suffix)
{
    /// <summary>Writes prefix, <paramref name="field"/> (<c>"name":</c> or empty), the value as a JSON string, suffix.</summary>
    public void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> field, NativeString value, SseEventWriter sse)
    {
        if (value.Text is { } text)
        {
            output.Write(prefix);
            output.Write(field);
            sse.WriteStringValue(output, text);
            output.Write(suffix);
            return;
        }
        var verbatim = value.Verbatim;
        var length = prefix.Length + field.Length + verbatim.Length + 2 + suffix.Length;
        var span = output.GetSpan(length);
        prefix.CopyTo(span);
        var at = prefix.Length;
        field.CopyTo(span[at..]);
        at += field.Length;
        span[at++] = (byte)'"';
        verbatim.CopyTo(span[at..]);
        at += verbatim.Length;
        span[at++] = (byte)'"';
        suffix.CopyTo(span[at..]);
        output.Advance(length);
    }
}
