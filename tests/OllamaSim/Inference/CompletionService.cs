using Microsoft.AspNetCore.Http;
using OllamaSim.Configuration;
using OllamaSim.Faults;
using OllamaSim.Generation;
using OllamaSim.Models;
using OllamaSim.Requests;
using OllamaSim.Scheduling;
using OllamaSim.Stats;

namespace OllamaSim.Inference;

/// <summary>
/// Runs one chat/generate request end to end: validation, fault draw, slot and model load, timed token
/// emission into an <see cref="IReplySink"/>, and the final metrics. Client disconnects cancel every wait and free the slot.
/// </summary>
public sealed class CompletionService(
    SimulatorOptions options,
    CompletionValidator validator,
    ReplyPlanner planner,
    Scheduler scheduler,
    FaultInjector faults,
    SimulatorStats stats,
    TimeProvider time)
{
    const long MinimumNs = 1_000;

    public async Task RunAsync(HttpContext context, CompletionRequest request, IReplySink sink)
    {
        var ct = context.RequestAborted;
        var started = time.GetTimestamp();
        var arrived = options.StampFirstToken ? System.Diagnostics.Stopwatch.GetTimestamp() : 0;
        var model = validator.Validate(request);
        stats.CountModel(model.Name.Display);
        var runner = scheduler.RunnerFor(model);

        if (request.IsLoadOnly)
        {
            await LoadOnlyAsync(runner, request, sink, ct);
            return;
        }

        var fault = faults.Draw();
        if (fault == FaultKind.Fail) throw new ApiError(500, FaultInjector.FailureMessage, fromRunner: true);
        if (fault == FaultKind.Hang) await Task.Delay(Timeout.InfiniteTimeSpan, time, ct);

        using var lease = await runner.AcquireAsync(ct);
        lease.KeepAlive = request.KeepAlive;
        var loadWait = await runner.EnsureLoadedAsync(ct);
        var loaded = time.GetTimestamp();
        var plan = planner.Plan(request, model);

        var firstDelay = options.TimeToFirstToken + TimeSpan.FromMilliseconds(faults.Settings.SlowFirstTokenMs);
        long firstToken;
        if (request.Stream)
        {
            await DelayAsync(firstDelay, ct);
            firstToken = time.GetTimestamp();
            for (var i = 0; i < plan.Pieces.Count; i++)
            {
                if (i > 0) await DelayAsync(options.TimeBetweenTokens, ct);
                ct.ThrowIfCancellationRequested();
                await sink.WritePieceAsync(i == 0 && options.StampFirstToken ? FirstTokenStamp.Stamp(plan.Pieces[0], arrived) : plan.Pieces[i], ct);
                if (fault == FaultKind.Drop)
                {
                    await sink.AbortMidBodyAsync();
                    return;
                }
            }
        }
        else
        {
            await DelayAsync(firstDelay, ct);
            firstToken = time.GetTimestamp();
            await DelayAsync(options.TimeBetweenTokens * Math.Max(0, plan.Pieces.Count - 1), ct);
            foreach (var piece in plan.Pieces) await sink.WritePieceAsync(piece, ct);
            if (fault == FaultKind.Drop)
            {
                await sink.AbortMidBodyAsync();
                return;
            }
        }
        var finished = time.GetTimestamp();

        var load = Math.Max(MinimumNs, Nanos(loadWait));
        var promptEval = Math.Max(MinimumNs, Nanos(time.GetElapsedTime(loaded, firstToken)));
        var eval = Math.Max(MinimumNs, Nanos(time.GetElapsedTime(firstToken, finished)));
        var total = Math.Max(Nanos(time.GetElapsedTime(started, finished)), load + promptEval + eval);
        await sink.WriteFinalAsync(plan, new ReplyMetrics(total, load, plan.PromptTokens, promptEval, plan.EvalCount, eval), ct);
    }

    async Task LoadOnlyAsync(ModelRunner runner, CompletionRequest request, IReplySink sink, CancellationToken ct)
    {
        if (request.KeepAlive == TimeSpan.Zero)
        {
            runner.Unload();
            await sink.WriteLoadOnlyAsync("unload");
            return;
        }
        using (var lease = await runner.AcquireAsync(ct))
        {
            lease.KeepAlive = request.KeepAlive;
            await runner.EnsureLoadedAsync(ct);
        }
        await sink.WriteLoadOnlyAsync("load");
    }

    Task DelayAsync(TimeSpan delay, CancellationToken ct) =>
        delay > TimeSpan.Zero ? Task.Delay(delay, time, ct) : Task.CompletedTask;

    static long Nanos(TimeSpan span) => span.Ticks * 100;
}
