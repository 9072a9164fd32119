using System.Globalization;
using System.Text;

namespace ModelGateway.Tests.Diagnostics;

/// <summary>A parsed /metrics answer, for asserting on sample values (promtool checks the syntax itself).</summary>
public sealed class MetricsScrape
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    public MetricsScrape(string text)
    {
        Text = text;
        var samples = new List<Sample>();
        var types = new Dictionary<string, string>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                types[parts[2]] = parts[3];
                continue;
            }
            if (line.StartsWith('#')) continue;
            samples.Add(ParseSample(line));
        }
        Samples = samples;
        Types = types;
    }

    public string Text { get; }
    public IReadOnlyList<Sample> Samples { get; }
    public IReadOnlyDictionary<string, string> Types { get; }

    /// <summary>Samples of <paramref name="name"/> whose labels include every given pair.</summary>
    public IEnumerable<Sample> Find(string name, params (string Label, string Value)[] labels)
        => Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value));

    /// <summary>The sum of the matching samples (0 when none).</summary>
    public double Sum(string name, params (string Label, string Value)[] labels) => Find(name, labels).Sum(s => s.Value);

    static Sample ParseSample(string line)
    {
        var labels = new Dictionary<string, string>();
        var brace = line.IndexOf('{');
        var space = line.IndexOf(' ');
        string name;
        int rest;
        if (brace >= 0 && brace < space)
        {
            name = line[..brace];
            var i = brace + 1;
            while (line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                var label = line[i..eq];
                i = eq + 2; // past ="
                var value = new StringBuilder();
                while (line[i] != '"')
                {
                    if (line[i] == '\\')
                    {
                        i++;
                        value.Append(line[i] == 'n' ? '\n' : line[i]);
                    }
                    else value.Append(line[i]);
                    i++;
                }
                labels[label] = value.ToString();
                i++;
                if (line[i] == ',') i++;
            }
            rest = i + 2;
        }
        else
        {
            name = line[..space];
            rest = space + 1;
        }
        var text = line[rest..].Trim();
        var number = text switch { "+Inf" => double.PositiveInfinity, "-Inf" => double.NegativeInfinity, _ => double.Parse(text, CultureInfo.InvariantCulture) };
        return new Sample(name, labels, number);
    }
}
