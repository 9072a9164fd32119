namespace ModelGateway.Diagnostics;

/// <summary>
/// Lets a series dictionary be searched with the measurement's own tag span, so recording into a known series
/// allocates nothing; a <see cref="TagSet"/> is built only when a new series appears.
/// </summary>
internal sealed class TagSetComparer : IEqualityComparer<TagSet>, IAlternateEqualityComparer<ReadOnlySpan<KeyValuePair<string, object?>>, TagSet>
{
    public static readonly TagSetComparer Instance = new();

    public bool Equals(TagSet? x, TagSet? y)
        => ReferenceEquals(x, y) || (x is not null && y is not null && x.HashCode == y.HashCode && x.Matches(y.Tags));

    public int GetHashCode(TagSet obj) => obj.HashCode;

    public bool Equals(ReadOnlySpan<KeyValuePair<string, object?>> alternate, TagSet other) => other.Matches(alternate);

    public int GetHashCode(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => TagSet.Hash(alternate);

    public TagSet Create(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => TagSet.Create(alternate);
}
