namespace ModelGateway.Diagnostics;

/// <summary>Orders tag sets by their keys and formatted values, for a stable exposition.</summary>
internal sealed class TagSetOrder : IComparer<TagSet>
{
    public static readonly TagSetOrder Instance = new();

    public int Compare(TagSet? x, TagSet? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var a = x.Tags;
        var b = y.Tags;
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var byKey = string.CompareOrdinal(a[i].Key, b[i].Key);
            if (byKey != 0) return byKey;
            var byValue = string.CompareOrdinal(PrometheusNaming.FormatLabelValue(a[i].Value), PrometheusNaming.FormatLabelValue(b[i].Value));
            if (byValue != 0) return byValue;
        }
        return a.Length.CompareTo(b.Length);
    }
}
