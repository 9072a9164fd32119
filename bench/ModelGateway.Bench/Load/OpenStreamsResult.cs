namespace ModelGateway.Bench.Load;

/// <summary>The many-open-streams phase for one proxy: how many streams were open at once and what memory that took.</summary>
public sealed class OpenStreamsResult
{
    public int Requested { get; init; }
    public int Completed { get; set; }
    public int Failures { get; set; }
    public string? FirstError { get; set; }
    public int PeakOpen { get; set; }
    public long RssBeforeKb { get; set; }
    public long PeakRssKb { get; set; }
    public long RssAfterKb { get; set; }
    public double ProxyCpuMs { get; set; }
    public double ElapsedSeconds { get; set; }
    public Samples FirstByte { get; } = new();

    /// <summary>
    /// Peak RSS scaled linearly to <paramref name="streams"/> from the streams actually held, for a machine whose
    /// descriptor limit stops short of the target count: before + (peak − before) ÷ held × streams.
    /// </summary>
    public double ExtrapolatedPeakMb(long held, int streams)
        => held <= 0 ? double.NaN : (RssBeforeKb + (PeakRssKb - RssBeforeKb) * (double)streams / held) / 1024.0;
}
