using ModelGateway.Preloading;

namespace ModelGateway.Tests.Preloading;

public class LoadRecordTests
{
    static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void FailuresInARow_DoubleTheWait_UpToOneMinute()
    {
        var record = new LoadRecord();
        var waits = new List<double>();
        for (var i = 0; i < 9; i++)
        {
            Assert.That(record.TryBegin(), Is.True);
            waits.Add(record.Failed(Now).TotalSeconds);
        }
        Assert.That(waits, Is.EqualTo(new double[] { 1, 2, 4, 8, 16, 32, 60, 60, 60 }));
        Assert.That(record.RetryAfter, Is.EqualTo(Now.AddMinutes(1)));
    }

    [Test]
    public void ASuccess_EndsTheWait_AndHoldsOffTheNextRefreshForTheMargin()
    {
        var record = new LoadRecord();
        record.TryBegin();
        record.Failed(Now);
        record.TryBegin();
        record.Succeeded(Now.AddSeconds(5), TimeSpan.FromMinutes(1));

        Assert.That(record.RetryAfter, Is.EqualTo(DateTimeOffset.MinValue));
        Assert.That(record.Failures, Is.Zero);
        Assert.That(record.LoadedAt, Is.EqualTo(Now.AddSeconds(5)));
        Assert.That(record.RefreshAfter, Is.EqualTo(Now.AddSeconds(65)));
    }

    [Test]
    public void OnlyOneLoadAtATime()
    {
        var record = new LoadRecord();
        Assert.That(record.TryBegin(), Is.True);
        Assert.That(record.TryBegin(), Is.False, "a second load while the first is in flight");
        Assert.That(record.InFlight, Is.True);
        record.Succeeded(Now, TimeSpan.FromSeconds(1));
        Assert.That(record.InFlight, Is.False);
        Assert.That(record.TryBegin(), Is.True);
    }
}
