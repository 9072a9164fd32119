namespace ModelGateway.Bench.Load;

/// <summary>
/// What one target did in one scenario, summed over every round: requests, failures, elapsed time, client-side
/// samples and the CPU time the proxy, the simulator and the load generator spent meanwhile.
/// </summary>
public sealed class PhaseResult
{
    public int Requests { get; set; }
    public int Failures { get; set; }
    public int CacheHits { get; set; }
    public string? FirstError { get; set; }
    public double ElapsedSeconds { get; set; }
    public double ProxyCpuMs { get; set; }
    public double SimulatorCpuMs { get; set; }
    public double LoadGeneratorCpuMs { get; set; }
    public Samples Latency { get; } = new();
    public Samples FirstByte { get; } = new();
    public Samples MaxGap { get; } = new();

    /// <summary>Per stream: time to first token less the simulator's own wait (see <see cref="CallResult.PathFirstTokenMs"/>).</summary>
    public Samples PathFirstToken { get; } = new();

    /// <summary>The two halves of <see cref="PathFirstToken"/>: to the simulator, and back from it.</summary>
    public Samples RequestLeg { get; } = new();
    public Samples ResponseLeg { get; } = new();

    public double RequestsPerSecond => ElapsedSeconds > 0 ? Requests / ElapsedSeconds : 0;

    /// <summary>Proxy CPU per successful request, in microseconds (= ms per 1,000 requests); NaN for direct.</summary>
    public double ProxyCpuMicrosPerRequest => HasProxy && Requests > 0 ? ProxyCpuMs * 1000 / Requests : double.NaN;

    /// <summary>False for the direct target, which has no proxy to charge.</summary>
    public bool HasProxy { get; set; }

    public double SimulatorCpuMicrosPerRequest => Requests > 0 ? SimulatorCpuMs * 1000 / Requests : double.NaN;
    public double LoadGeneratorCpuMicrosPerRequest => Requests > 0 ? LoadGeneratorCpuMs * 1000 / Requests : double.NaN;

    public void Add(PhaseResult round)
    {
        HasProxy |= round.HasProxy;
        Requests += round.Requests;
        Failures += round.Failures;
        CacheHits += round.CacheHits;
        FirstError ??= round.FirstError;
        ElapsedSeconds += round.ElapsedSeconds;
        ProxyCpuMs += round.ProxyCpuMs;
        SimulatorCpuMs += round.SimulatorCpuMs;
        LoadGeneratorCpuMs += round.LoadGeneratorCpuMs;
        Latency.AddRange(round.Latency);
        FirstByte.AddRange(round.FirstByte);
        MaxGap.AddRange(round.MaxGap);
        PathFirstToken.AddRange(round.PathFirstToken);
        RequestLeg.AddRange(round.RequestLeg);
        ResponseLeg.AddRange(round.ResponseLeg);
    }
}
