using System.Globalization;
using System.Text;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Soak;

/// <summary>
/// Samples the gateway's vitals every few seconds while the soak runs (samples.csv when an output directory is set)
/// and keeps what each quiet phase between rounds measured, for the assertions and for report.md.
/// </summary>
public sealed class SoakRecorder : IAsyncDisposable
{
    readonly GatewayProcess _gateway;
    readonly HttpClient _http;
    readonly SoakSettings _settings;
    readonly CancellationTokenSource _stop = new();
    readonly List<GatewayVitals> _samples = [];
    readonly Task _sampling;
    readonly StreamWriter? _csv;

    public SoakRecorder(GatewayProcess gateway, HttpClient http, SoakSettings settings)
    {
        _gateway = gateway;
        _http = http;
        _settings = settings;
        if (settings.OutputDirectory is { } dir)
        {
            Directory.CreateDirectory(dir);
            _csv = new StreamWriter(Path.Combine(dir, "samples.csv")) { AutoFlush = true };
            _csv.WriteLine(GatewayVitals.CsvHeader);
        }
        _sampling = SampleAsync();
    }

    public List<(int Round, GatewayVitals Quiet, SoakTally Tally)> Rounds { get; } = [];

    public IReadOnlyList<GatewayVitals> Samples
    {
        get { lock (_samples) return _samples.ToList(); }
    }

    async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var vitals = await GatewayVitals.ReadAsync(_gateway, _http);
                lock (_samples) _samples.Add(vitals);
                _csv?.WriteLine(vitals.ToCsv());
            }
            catch (HttpRequestException) { } // a sample lost to a busy machine is no finding
            try { await Task.Delay(_settings.SampleInterval, _stop.Token); }
            catch (OperationCanceledException) { }
        }
    }

    /// <summary>Writes report.md: the quiet figures of each round, first and last sample, and every outcome by kind.</summary>
    public async Task WriteReportAsync(SoakTally total, TimeSpan elapsed, IEnumerable<string> findings)
    {
        if (_settings.OutputDirectory is not { } dir) return;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Gateway soak, {elapsed.TotalMinutes:0.0} minutes, {Rounds.Count} rounds");
        text.AppendLine();
        text.AppendLine("| round | requests | rss MB | fds | sockets | threads | heap MB | timers | gen2 GCs |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var (round, v, tally) in Rounds)
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {round} | {tally.Sent} | {GatewayVitals.Mb(v.RssBytes)} | {v.FileDescriptors} | {v.Sockets} | {v.Threads} | {GatewayVitals.Mb(v.HeapBytes)} | {v.Timers} | {v.Gen2Collections} |");
        var samples = Samples;
        if (samples.Count > 0)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"First sample: {samples[0]}  ");
            text.AppendLine(CultureInfo.InvariantCulture, $"Last sample: {samples[^1]}  ");
            text.AppendLine(CultureInfo.InvariantCulture, $"Peak RSS {GatewayVitals.Mb(samples.Max(s => s.RssBytes))} MB, peak fds {samples.Max(s => s.FileDescriptors)}, peak threads {samples.Max(s => s.Threads)}, peak heap {GatewayVitals.Mb(samples.Max(s => s.HeapBytes))} MB");
        }
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Requests sent: {total.Sent}. Outcomes:");
        text.AppendLine();
        foreach (var (outcome, count) in total.Counts.OrderByDescending(p => p.Value)) text.AppendLine(CultureInfo.InvariantCulture, $"- {outcome}: {count}");
        text.AppendLine();
        text.AppendLine("Findings:");
        text.AppendLine();
        foreach (var finding in findings.DefaultIfEmpty("none: every invariant held")) text.AppendLine("- " + finding);
        await File.WriteAllTextAsync(Path.Combine(dir, "report.md"), text.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _sampling;
        _stop.Dispose();
        if (_csv is not null) await _csv.DisposeAsync();
    }
}
