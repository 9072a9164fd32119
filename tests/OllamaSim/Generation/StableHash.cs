using System.Text;

namespace OllamaSim.Generation;

/// <summary>
/// Process-independent hashing (FNV-1a 64 + SplitMix64) so the same input gives the same reply on every run and
/// every simulator instance — string.GetHashCode is randomised per process and would break that.
/// </summary>
public static class StableHash
{
    public static ulong Of(string text, ulong seed = 0)
    {
        var h = 14695981039346656037UL ^ Mix(seed);
        Span<byte> buffer = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            var n = rune.EncodeToUtf8(buffer);
            for (var i = 0; i < n; i++)
            {
                h ^= buffer[i];
                h *= 1099511628211UL;
            }
        }
        return Mix(h);
    }

    public static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
