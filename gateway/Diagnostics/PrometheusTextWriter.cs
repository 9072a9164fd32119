using System.Globalization;
using System.Text;

namespace ModelGateway.Diagnostics;

/// <summary>Writes the Prometheus text exposition format, version 0.0.4.</summary>
internal sealed class PrometheusTextWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    readonly StringBuilder _text = new(16 * 1024);

    public void WriteFamily(string name, string help, MetricType type)
    {
        _text.Append("# HELP ").Append(name).Append(' ').Append(PrometheusNaming.EscapeHelp(help)).Append('\n');
        _text.Append("# TYPE ").Append(name).Append(' ').Append(type switch
        {
            MetricType.Counter => "counter",
            MetricType.Gauge => "gauge",
            _ => "histogram",
        }).Append('\n');
    }

    /// <param name="ofHistogram">True for a histogram's _sum and _count, which must not carry a tag named "le" either.</param>
    public void WriteSample(string name, TagSet tags, double value, bool ofHistogram = false)
    {
        _text.Append(name);
        AppendLabels(tags, null, ofHistogram);
        _text.Append(' ').Append(PrometheusNaming.FormatValue(value)).Append('\n');
    }

    public void WriteBucket(string name, TagSet tags, string upperBound, long cumulativeCount)
    {
        _text.Append(name).Append("_bucket");
        AppendLabels(tags, upperBound, true);
        _text.Append(' ').Append(cumulativeCount.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    void AppendLabels(TagSet tags, string? upperBound, bool ofHistogram)
    {
        if (tags.Tags.IsEmpty && upperBound is null) return;
        _text.Append('{');
        var first = true;
        foreach (var (key, value) in tags.Tags)
        {
            var label = PrometheusNaming.LabelName(key);
            // "le" is the bucket bound's label; a tag of that name would make the histogram unreadable.
            if (ofHistogram && label == "le") continue;
            if (!first) _text.Append(',');
            first = false;
            _text.Append(label).Append("=\"");
            PrometheusNaming.AppendEscapedLabelValue(_text, PrometheusNaming.FormatLabelValue(value));
            _text.Append('"');
        }
        if (upperBound is not null)
        {
            if (!first) _text.Append(',');
            _text.Append("le=\"").Append(upperBound).Append('"');
        }
        _text.Append('}');
    }

    public override string ToString() => _text.ToString();
}
