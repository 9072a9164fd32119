using System.Diagnostics;
using System.Diagnostics.Metrics;
using ModelGateway.Diagnostics;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Diagnostics;

/// <summary>The exporter's text format, on instruments of a meter private to each test.</summary>
public class PrometheusExpositionTests
{
    Meter _meter = null!;
    MetricsCollector _collector = null!;

    [SetUp]
    public void CreateMeter()
    {
        var name = "ModelGateway.Tests." + Guid.NewGuid().ToString("N");
        _meter = new Meter(name);
        _collector = new MetricsCollector(m => m.Name == name);
        _collector.Start();
    }

    [TearDown]
    public void DisposeMeter()
    {
        _collector.Dispose();
        _meter.Dispose();
    }

    static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Test]
    public void Counter_IsExposedWithHelpTypeAndTotalSuffix()
    {
        var counter = _meter.CreateCounter<long>("demo.requests", "{request}", "Requests seen.");
        counter.Add(2, new KeyValuePair<string, object?>("route", "/a"));
        counter.Add(3, new KeyValuePair<string, object?>("route", "/a"));
        counter.Add(1, new KeyValuePair<string, object?>("route", "/b"));

        Assert.That(Lines(_collector.Scrape()), Is.EqualTo(new[]
        {
            "# HELP demo_requests_total Requests seen.",
            "# TYPE demo_requests_total counter",
            "demo_requests_total{route=\"/a\"} 5",
            "demo_requests_total{route=\"/b\"} 1",
        }));
    }

    [Test]
    public void LabelValuesAndHelp_AreEscaped()
    {
        var gauge = _meter.CreateUpDownCounter<int>("demo.items", description: "Line one\nback\\slash");
        gauge.Add(7, new KeyValuePair<string, object?>("path", "C:\\dir\n\"quoted\""));

        Assert.That(Lines(_collector.Scrape()), Is.EqualTo(new[]
        {
            "# HELP demo_items Line one\\nback\\\\slash",
            "# TYPE demo_items gauge",
            "demo_items{path=\"C:\\\\dir\\n\\\"quoted\\\"\"} 7",
        }));
    }

    [Test]
    public void Histogram_HasCumulativeAdvisedBucketsInfSumAndCount()
    {
        var histogram = _meter.CreateHistogram("demo.latency", "s", "Latency.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1, 10] });
        foreach (var value in new[] { 0.05, 0.1, 0.5, 2, 20 })
            histogram.Record(value, new KeyValuePair<string, object?>("op", "x"));

        Assert.That(Lines(_collector.Scrape()), Is.EqualTo(new[]
        {
            "# HELP demo_latency_seconds Latency.",
            "# TYPE demo_latency_seconds histogram",
            "demo_latency_seconds_bucket{op=\"x\",le=\"0.1\"} 2",
            "demo_latency_seconds_bucket{op=\"x\",le=\"1\"} 3",
            "demo_latency_seconds_bucket{op=\"x\",le=\"10\"} 4",
            "demo_latency_seconds_bucket{op=\"x\",le=\"+Inf\"} 5",
            "demo_latency_seconds_sum{op=\"x\"} 22.65",
            "demo_latency_seconds_count{op=\"x\"} 5",
        }));
    }

    [Test]
    public void HistogramInSecondsWithoutAdvice_UsesTheDefaultSecondsBuckets()
    {
        _meter.CreateHistogram<double>("demo.wait", "s").Record(42);

        var scrape = new MetricsScrape(_collector.Scrape());
        var bounds = scrape.Find("demo_wait_seconds_bucket").Select(s => s.Labels["le"]).ToList();
        Assert.That(bounds, Is.EqualTo(new[] { "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "30", "60", "120", "300", "600", "+Inf" }));
        Assert.That(scrape.Sum("demo_wait_seconds_bucket", ("le", "30")), Is.EqualTo(0));
        Assert.That(scrape.Sum("demo_wait_seconds_bucket", ("le", "60")), Is.EqualTo(1));
    }

    [Test]
    public void Units_BecomeBaseUnitSuffixes_AndAnnotationsAddNothing()
    {
        _meter.CreateCounter<long>("demo.received", "By").Add(10);
        _meter.CreateCounter<double>("demo.busy", "s").Add(1.5);
        _meter.CreateUpDownCounter<long>("demo.memory", "By").Add(1024);
        _meter.CreateCounter<long>("demo.events", "{event}").Add(1);
        _meter.CreateObservableGauge("demo.utilization", () => 0.25, "1");

        var names = new MetricsScrape(_collector.Scrape()).Samples.Select(s => s.Name).ToList();
        Assert.That(names, Is.EquivalentTo(new[]
        {
            "demo_received_bytes_total", "demo_busy_seconds_total", "demo_memory_bytes", "demo_events_total", "demo_utilization_ratio",
        }));
    }

    [Test]
    public void TagsInAnotherOrder_AddToTheSameSeries()
    {
        var counter = _meter.CreateCounter<int>("demo.hits");
        counter.Add(1, new("a", "1"), new("b", "2"));
        counter.Add(1, new("b", "2"), new("a", "1"));

        var samples = new MetricsScrape(_collector.Scrape()).Find("demo_hits_total").ToList();
        Assert.That(samples, Has.Count.EqualTo(1));
        Assert.That(samples[0].Value, Is.EqualTo(2));
    }

    [Test]
    public void ObservableSeriesNoLongerReported_DisappearFromTheNextScrape()
    {
        var workers = new List<string> { "w1", "w2" };
        _meter.CreateObservableGauge("demo.in_flight", () => workers.Select(w => new Measurement<int>(3, new KeyValuePair<string, object?>("worker", w))));

        Assert.That(new MetricsScrape(_collector.Scrape()).Find("demo_in_flight").Count(), Is.EqualTo(2));
        workers.Remove("w2");
        var after = new MetricsScrape(_collector.Scrape()).Find("demo_in_flight").ToList();
        Assert.That(after.Select(s => s.Labels["worker"]), Is.EqualTo(new[] { "w1" }));
    }

    [Test]
    public void ConcurrentRecording_LosesNoMeasurement()
    {
        var counter = _meter.CreateCounter<long>("demo.parallel");
        var histogram = _meter.CreateHistogram<double>("demo.parallel.size", "By");
        const int threads = 4, perThread = 20_000;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            var tags = new TagList { { "shard", t % 2 } };
            for (var i = 0; i < perThread; i++)
            {
                counter.Add(1, tags);
                histogram.Record(1, tags);
            }
        });

        var scrape = new MetricsScrape(_collector.Scrape());
        Assert.That(scrape.Sum("demo_parallel_total"), Is.EqualTo(threads * perThread));
        Assert.That(scrape.Sum("demo_parallel_size_bytes_count"), Is.EqualTo(threads * perThread));
        Assert.That(scrape.Sum("demo_parallel_size_bytes_sum"), Is.EqualTo(threads * perThread));
        Assert.That(scrape.Find("demo_parallel_total").Select(s => s.Labels["shard"]), Is.EquivalentTo(new[] { "0", "1" }));
    }

    [Test]
    public void InstrumentsOfMetersOutsideTheFilter_AreNotExposed()
    {
        using var other = new Meter("Unrelated." + Guid.NewGuid().ToString("N"));
        other.CreateCounter<int>("other.count").Add(1);
        _meter.CreateCounter<int>("mine.count").Add(1);

        var names = new MetricsScrape(_collector.Scrape()).Samples.Select(s => s.Name);
        Assert.That(names, Is.EqualTo(new[] { "mine_count_total" }));
    }

    [Test]
    public void DefaultFilter_TakesEveryGatewayMeterAndTheFrameworkOnes()
    {
        Assert.That(MetricsCollector.IsCollectedByDefault(new Meter("ModelGateway")), Is.True);
        Assert.That(MetricsCollector.IsCollectedByDefault(new Meter("ModelGateway.Cache")), Is.True);
        Assert.That(MetricsCollector.IsCollectedByDefault(new Meter("Microsoft.AspNetCore.Hosting")), Is.True);
        Assert.That(MetricsCollector.IsCollectedByDefault(new Meter("System.Runtime")), Is.True);
        Assert.That(MetricsCollector.IsCollectedByDefault(new Meter("Microsoft.AspNetCore.Routing")), Is.False);
    }

    [Test]
    public async Task EveryInstrumentKindWithAwkwardNamesAndLabels_PassesPromtool()
    {
        _meter.CreateCounter<long>("odd-name.with spaces", "{thing}", "Has odd characters.").Add(1, new KeyValuePair<string, object?>("http.route", "/v1/\"x\"\\y\nz"));
        _meter.CreateCounter<double>("9starts.with.digit", "s", "Starts with a digit.").Add(0.5);
        _meter.CreateUpDownCounter<int>("demo.level", description: "Level.").Add(-3, new KeyValuePair<string, object?>("ok", true));
        _meter.CreateHistogram<long>("demo.size", "By", "Sizes.").Record(300, new KeyValuePair<string, object?>("le", "clash"));
        _meter.CreateHistogram<double>("demo.time", "s", "Times.").Record(double.MaxValue);
        _meter.CreateObservableCounter("demo.ticks", () => 12L, "{tick}", "Ticks.");
        _meter.CreateObservableGauge("demo.temperature", () => new Measurement<double>(-1.5, new KeyValuePair<string, object?>("room", "é ü")), description: "Temperature.");
        _meter.CreateGauge<double>("demo.last", description: "Last value.").Record(double.NaN);

        var text = _collector.Scrape();
        var (code, output) = await Promtool.CheckMetricsAsync(text);
        Assert.That(code, Is.Zero, $"promtool: {output}\n---\n{text}");
        Assert.That(output, Is.Empty);
    }
}
