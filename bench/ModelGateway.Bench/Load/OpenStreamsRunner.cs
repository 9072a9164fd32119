using System.Diagnostics;
using ModelGateway.Bench.Processes;

namespace ModelGateway.Bench.Load;

/// <summary>
/// Opens many slow streams at once (started evenly over a ramp, each kept open by the simulator's slow token rate)
/// and watches the proxy's resident memory; the peak is the kernel's VmHWM, reset just before the phase.
/// </summary>
public static class OpenStreamsRunner
{
    public static async Task<OpenStreamsResult> RunAsync(RequestSpec spec, int streams, TimeSpan ramp, TimeSpan timeLimit,
        int memoryPid, IReadOnlyList<int> cpuPids)
    {
        using var client = new BenchClient();
        var result = new OpenStreamsResult { Requested = streams, RssBeforeKb = ProcFs.StatusKilobytes(memoryPid, "VmRSS") };
        var peakResetWorked = ProcFs.ResetPeakRss(memoryPid);
        var cpuBefore = ProcFs.CpuMilliseconds(cpuPids);
        using var hardStop = new CancellationTokenSource(timeLimit);
        var open = 0;
        var peakOpen = 0;
        long sampledPeakKb = 0;
        var stopwatch = Stopwatch.StartNew();

        var sampler = Task.Run(async () =>
        {
            while (!hardStop.IsCancellationRequested)
            {
                sampledPeakKb = Math.Max(sampledPeakKb, ProcFs.StatusKilobytes(memoryPid, "VmRSS"));
                try { await Task.Delay(200, hardStop.Token); } catch (OperationCanceledException) { }
            }
        });

        var gate = new object();
        var tasks = new Task[streams];
        for (var i = 0; i < streams; i++)
        {
            var startAt = TimeSpan.FromTicks(ramp.Ticks * i / Math.Max(1, streams));
            tasks[i] = Task.Run(async () =>
            {
                var wait = startAt - stopwatch.Elapsed;
                if (wait > TimeSpan.Zero) await Task.Delay(wait);
                var nowOpen = Interlocked.Increment(ref open);
                InterlockedMax(ref peakOpen, nowOpen);
                var call = await client.SendAsync(spec, new byte[4096], hardStop.Token);
                Interlocked.Decrement(ref open);
                lock (gate)
                {
                    if (call.Ok)
                    {
                        result.Completed++;
                        result.FirstByte.Add(call.FirstByteMs);
                    }
                    else
                    {
                        result.Failures++;
                        result.FirstError ??= call.Error;
                    }
                }
            });
        }
        await Task.WhenAll(tasks);
        result.ElapsedSeconds = stopwatch.Elapsed.TotalSeconds;
        result.ProxyCpuMs = ProcFs.CpuMilliseconds(cpuPids) - cpuBefore;
        await hardStop.CancelAsync();
        await sampler;

        result.PeakOpen = peakOpen;
        var hwm = ProcFs.StatusKilobytes(memoryPid, "VmHWM");
        result.PeakRssKb = peakResetWorked ? Math.Max(hwm, sampledPeakKb) : sampledPeakKb;
        result.RssAfterKb = ProcFs.StatusKilobytes(memoryPid, "VmRSS");
        return result;
    }

    static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }
}
