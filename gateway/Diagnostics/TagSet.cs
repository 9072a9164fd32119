namespace ModelGateway.Diagnostics;

/// <summary>
/// The tags of one series, sorted by key so the exposition is stable. Values keep the objects the instrument was
/// given (boxed ints stay ints) and are formatted only at scrape time.
/// </summary>
internal sealed class TagSet
{
    public static readonly TagSet Empty = new([]);

    readonly KeyValuePair<string, object?>[] _tags;

    TagSet(KeyValuePair<string, object?>[] tags)
    {
        _tags = tags;
        HashCode = Hash(tags);
    }

    public ReadOnlySpan<KeyValuePair<string, object?>> Tags => _tags;

    public int HashCode { get; }

    public static TagSet Create(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty) return Empty;
        var copy = tags.ToArray();
        Array.Sort(copy, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new TagSet(copy);
    }

    /// <summary>
    /// Order-independent, so a call site that lists its tags in another order still finds the same series. Keys count
    /// by length only: an instrument's call sites pass the same few keys every time, so hashing their text (once per
    /// tag per measurement, several measurements per request) told series apart no better; <see cref="Matches"/>
    /// compares them in full.
    /// </summary>
    public static int Hash(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = tags.Length;
        foreach (var tag in tags)
            hash += System.HashCode.Combine(tag.Key.Length, tag.Value?.GetHashCode() ?? 0);
        return hash;
    }

    /// <summary>True when <paramref name="tags"/> (in any order) holds exactly this set's keys and values.</summary>
    public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length != _tags.Length) return false;
        foreach (var tag in tags)
        {
            if (!TryGet(tag.Key, out var value) || !Equals(value, tag.Value)) return false;
        }
        return true;
    }

    bool TryGet(string key, out object? value)
    {
        foreach (var tag in _tags)
        {
            if (string.Equals(tag.Key, key, StringComparison.Ordinal))
            {
                value = tag.Value;
                return true;
            }
        }
        value = null;
        return false;
    }
}
