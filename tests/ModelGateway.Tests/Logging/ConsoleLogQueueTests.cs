using System.Diagnostics;
using System.Text;
using ModelGateway.Logging;

namespace ModelGateway.Tests.Logging;

public class ConsoleLogQueueTests
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    static byte[] Line(int i) => Encoding.UTF8.GetBytes($"line {i}\n");

    static string Lines(int from, int to) => string.Concat(Enumerable.Range(from, to - from).Select(i => $"line {i}\n"));

    [Test]
    public void LinesQueuedWhileTheWriterIsBusy_AreWrittenWithOneWrite()
    {
        var stdout = new RecordingStream();
        stdout.Hold();
        var queue = new ConsoleLogQueue(stdout, new RecordingStream(), maxQueuedLines: 10_000, _ => { });
        queue.TryAdd(Line(0), toStandardError: false);
        Assert.That(stdout.WaitForWrite(Timeout), "the writer took the first line");
        for (var i = 1; i < 1000; i++) queue.TryAdd(Line(i), toStandardError: false);
        stdout.Release();
        queue.Dispose();

        Assert.That(stdout.Text, Is.EqualTo(Lines(0, 1000)), "every line, in order");
        Assert.That(stdout.WriteCount, Is.EqualTo(2), "the first line, then the 999 queued behind it at once");
    }

    [Test]
    public void WhenTheOutputIsStuck_AddingNeverWaits_AndTheOverflowIsDroppedCountedAndReported()
    {
        var stdout = new RecordingStream();
        stdout.Hold();
        var reported = new List<long>();
        var queue = new ConsoleLogQueue(stdout, new RecordingStream(), maxQueuedLines: 10, n => { lock (reported) reported.Add(n); });
        queue.TryAdd(Line(0), toStandardError: false);
        Assert.That(stdout.WaitForWrite(Timeout), "the writer is stuck in its first write");

        var clock = Stopwatch.StartNew();
        var accepted = Enumerable.Range(1, 25).Select(i => queue.TryAdd(Line(i), toStandardError: false)).ToList();
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)), "adding a line never waits for the output");
        Assert.That(accepted.Count(a => a), Is.EqualTo(10));
        Assert.That(queue.DroppedLines, Is.EqualTo(15));

        stdout.Release();
        queue.Dispose();
        Assert.That(stdout.Text, Is.EqualTo(Lines(0, 11)), "the accepted lines are all written");
        Assert.That(reported, Is.EqualTo(new[] { 15L }), "one report for the whole overflow, once there was room again");
    }

    [Test]
    public void Dispose_WritesEverythingAccepted()
    {
        var stdout = new RecordingStream();
        var queue = new ConsoleLogQueue(stdout, new RecordingStream(), maxQueuedLines: 10_000, _ => { });
        for (var i = 0; i < 5000; i++) Assert.That(queue.TryAdd(Line(i), toStandardError: false));
        queue.Dispose();
        Assert.That(stdout.Text, Is.EqualTo(Lines(0, 5000)));
    }

    [Test]
    public void LinesForStandardError_GoThere()
    {
        var stdout = new RecordingStream();
        var stderr = new RecordingStream();
        var queue = new ConsoleLogQueue(stdout, stderr, maxQueuedLines: 100, _ => { });
        queue.TryAdd(Line(1), toStandardError: false);
        queue.TryAdd(Line(2), toStandardError: true);
        queue.Dispose();
        Assert.That(stdout.Text, Is.EqualTo("line 1\n"));
        Assert.That(stderr.Text, Is.EqualTo("line 2\n"));
    }

    [Test]
    public void ALineLoggedAfterDisposal_IsStillWritten()
    {
        var stdout = new RecordingStream();
        var queue = new ConsoleLogQueue(stdout, new RecordingStream(), maxQueuedLines: 100, _ => { });
        queue.Dispose();
        Assert.That(queue.TryAdd(Line(7), toStandardError: false));
        Assert.That(stdout.Text, Is.EqualTo("line 7\n"));
    }
}
