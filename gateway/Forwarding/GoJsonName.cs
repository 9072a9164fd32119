using System.Text;

namespace ModelGateway.Forwarding;

/// <summary>
/// JSON property names as Ollama's Go decoder (<c>encoding/json</c>) matches them to its request fields: ignoring case
/// under Unicode simple folding. Ollama's field names are ASCII, and the only non-ASCII characters that fold onto
/// ASCII letters are U+017F (long s, an <c>s</c>) and U+212A (Kelvin sign, a <c>k</c>), so this folds ASCII letters and
/// those two. Whatever the gateway reads from a native body to decide on it (the model, the reply limit) must be read
/// this way, or a body could say one thing to the gateway and another to the worker.
/// </summary>
internal static class GoJsonName
{
    /// <summary>Whether Go would decode the (unescaped, UTF-8) property <paramref name="name"/> into the field tagged <paramref name="lowerTag"/>.</summary>
    /// <param name="lowerTag">The field's tag: lower-case ASCII, as all of Ollama's are.</param>
    public static bool Matches(ReadOnlySpan<byte> name, ReadOnlySpan<byte> lowerTag)
    {
        var i = 0;
        foreach (var expected in lowerTag)
        {
            if (i >= name.Length || Next(name, ref i) != expected) return false;
        }
        return i == name.Length;
    }

    /// <summary>Whether two (unescaped, UTF-8) property names fold to the same name.</summary>
    public static bool Equal(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
            if (Next(a, ref i) != Next(b, ref j)) return false;
        return i == a.Length && j == b.Length;
    }

    /// <summary>The folded form of a name, for sets of names (equal exactly when <see cref="Equal"/> says so).</summary>
    public static string Fold(ReadOnlySpan<byte> name)
    {
        var builder = new StringBuilder(name.Length);
        var i = 0;
        while (i < name.Length) builder.Append(char.ConvertFromUtf32(Next(name, ref i)));
        return builder.ToString();
    }

    /// <summary>The folded code point at <paramref name="index"/>, advancing past it (an invalid sequence counts as U+FFFD).</summary>
    static int Next(ReadOnlySpan<byte> text, ref int index)
    {
        var c = text[index];
        if (c < 0x80)
        {
            index++;
            return c is >= (byte)'A' and <= (byte)'Z' ? c | 0x20 : c;
        }
        Rune.DecodeFromUtf8(text[index..], out var rune, out var consumed);
        index += Math.Max(consumed, 1);
        return rune.Value switch
        {
            0x017F => 's',
            0x212A => 'k',
            var value => value,
        };
    }
}
