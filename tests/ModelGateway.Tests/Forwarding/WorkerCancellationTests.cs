using System.Diagnostics;
using ModelGateway.Forwarding;
using Yarp.ReverseProxy.Model;

namespace ModelGateway.Tests.Forwarding;

/// <summary>
/// The worker request's deadlines: headers timeout, then the body's idle timeout restarted by each chunk. Marking a
/// chunk only writes a timestamp, so these prove the single timer still cuts a silent stream and spares a busy one.
/// </summary>
public class WorkerCancellationTests
{
    static readonly TimeSpan Short = TimeSpan.FromMilliseconds(200);

    static async Task<TimeSpan> TimeUntilCancelled(CancellationToken token, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        try { await Task.Delay(limit, token); }
        catch (OperationCanceledException) { return watch.Elapsed; }
        return Timeout.InfiniteTimeSpan;
    }

    [Test]
    public async Task SilenceLongerThanTheTimeout_Cancels()
    {
        using var cancellation = new WorkerCancellation(CancellationToken.None, Short);
        var elapsed = await TimeUntilCancelled(cancellation.Token, TimeSpan.FromSeconds(5));
        Assert.That(elapsed, Is.GreaterThanOrEqualTo(Short - TimeSpan.FromMilliseconds(20)).And.LessThan(TimeSpan.FromSeconds(2)));
    }

    [Test]
    public async Task ActivityWithinTheTimeout_KeepsItAlive_ThenSilenceCancels()
    {
        using var cancellation = new WorkerCancellation(CancellationToken.None, Short);
        for (var i = 0; i < 12; i++)
        {
            await Task.Delay(60);
            cancellation.MarkActivity();
        }
        Assert.That(cancellation.IsCancellationRequested, Is.False, "a chunk every 60 ms must keep a 200 ms idle limit from firing");
        var elapsed = await TimeUntilCancelled(cancellation.Token, TimeSpan.FromSeconds(5));
        Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
    }

    [Test]
    public async Task RestartWithAShorterTimeout_BringsTheDeadlineForward()
    {
        using var cancellation = new WorkerCancellation(CancellationToken.None, TimeSpan.FromMinutes(5));
        cancellation.Restart(Short);
        Assert.That(await TimeUntilCancelled(cancellation.Token, TimeSpan.FromSeconds(5)), Is.LessThan(TimeSpan.FromSeconds(2)));
    }

    [Test]
    public async Task RestartWithALongerTimeout_OutlivesTheFirst()
    {
        using var cancellation = new WorkerCancellation(CancellationToken.None, TimeSpan.FromMilliseconds(100));
        cancellation.Restart(TimeSpan.FromMilliseconds(600));
        await Task.Delay(300);
        Assert.That(cancellation.IsCancellationRequested, Is.False);
        Assert.That(await TimeUntilCancelled(cancellation.Token, TimeSpan.FromSeconds(5)), Is.LessThan(TimeSpan.FromSeconds(2)));
    }

    [Test]
    public async Task RestartWithNoTimeout_NeverCancels()
    {
        using var cancellation = new WorkerCancellation(CancellationToken.None, TimeSpan.FromMilliseconds(100));
        cancellation.Restart(Timeout.InfiniteTimeSpan);
        await Task.Delay(400);
        Assert.That(cancellation.IsCancellationRequested, Is.False);
    }

    [Test]
    public void ClientGoingAway_Cancels()
    {
        using var aborted = new CancellationTokenSource();
        using var cancellation = new WorkerCancellation(aborted.Token, TimeSpan.FromMinutes(5));
        aborted.Cancel();
        Assert.That(cancellation.IsCancellationRequested, Is.True);
    }

    [Test]
    public void MarkingActivityAfterDispose_IsHarmless()
    {
        var cancellation = new WorkerCancellation(CancellationToken.None, Short);
        cancellation.Dispose();
        Assert.DoesNotThrow(cancellation.MarkActivity);
    }

    [Test]
    public async Task WorkerResponse_ResetIdleTimer_PostponesTheIdleCut()
    {
        var cancellation = new WorkerCancellation(CancellationToken.None, TimeSpan.FromMinutes(5));
        await using var response = new WorkerResponse(new HttpResponseMessage(), new ClusterState("c"), new DestinationState("d"),
            cancellation, NoSlot(), Short, attempts: 1);
        for (var i = 0; i < 8; i++)
        {
            await Task.Delay(60);
            response.ResetIdleTimer();
        }
        Assert.That(response.Token.IsCancellationRequested, Is.False);
        Assert.That(await TimeUntilCancelled(response.Token, TimeSpan.FromSeconds(5)), Is.LessThan(TimeSpan.FromSeconds(2)));
    }

    static IDisposable NoSlot() => new CancellationTokenSource();
}
