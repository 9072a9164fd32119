using ModelGateway.RateLimiting;

namespace ModelGateway.Tests.RateLimiting;

/// <summary>
/// The in-memory request budget: what it admits over a sliding minute, and the remaining/reset/Retry-After figures a
/// client reads in the x-ratelimit-* headers, with the clock under the test's control.
/// </summary>
[TestFixture]
public sealed class RequestWindowTests
{
    const long Start = 1_800_000_000_000; // a whole second

    [Test]
    public void AdmitsTheLimit_ThenRefusesUntilTheOldestSecondHasLeftTheWindow()
    {
        var window = new RequestWindow(TimeSpan.FromMinutes(1));

        var first = window.TryAcquire(Start + 200, 3);
        Assert.That((first.Outcome, first.Remaining), Is.EqualTo((RateLimitOutcome.Allowed, 2L)));
        Assert.That(first.ResetAfter, Is.EqualTo(TimeSpan.FromMilliseconds(60_800)), "the second 0 leaves once 0:01 + 60 s has passed");
        Assert.That(window.TryAcquire(Start + 10_000, 3).Remaining, Is.EqualTo(1));
        var third = window.TryAcquire(Start + 20_000, 3);
        Assert.That((third.Outcome, third.Remaining), Is.EqualTo((RateLimitOutcome.Allowed, 0L)));
        Assert.That(third.ResetAfter, Is.EqualTo(TimeSpan.FromSeconds(61)), "the whole budget is back when the newest (second 20) leaves, at 81 s");

        var refused = window.TryAcquire(Start + 30_000, 3);
        Assert.That((refused.Outcome, refused.Remaining), Is.EqualTo((RateLimitOutcome.Limited, 0L)));
        Assert.That(refused.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(31)), "until second 0 leaves, at 61 s");
        Assert.That(window.TryAcquire(Start + 60_999, 3).Outcome, Is.EqualTo(RateLimitOutcome.Limited), "a refusal is not counted, and second 0 is still in");

        var again = window.TryAcquire(Start + 61_000, 3);
        Assert.That((again.Outcome, again.Remaining), Is.EqualTo((RateLimitOutcome.Allowed, 0L)), "second 0's request left; this one takes its place");
        Assert.That(window.TryAcquire(Start + 61_500, 3).RetryAfter, Is.EqualTo(TimeSpan.FromMilliseconds(9_500)), "next to leave: second 10");
    }

    [Test]
    public void AfterTheLimitWasLowered_RetryAfterWaitsUntilEnoughHaveLeft_NotJustTheOldest()
    {
        var window = new RequestWindow(TimeSpan.FromMinutes(1));
        // Two requests in each of seconds 0..4 under a limit of 10.
        for (var second = 0; second < 5; second++)
            for (var i = 0; i < 2; i++) Assert.That(window.TryAcquire(Start + second * 1000 + i, 10).IsAdmitted, Is.True);

        // The limit is now 3: 8 of the 10 must leave, i.e. seconds 0 to 3, and second 3 leaves at 64 s.
        var refused = window.TryAcquire(Start + 5_000, 3);
        Assert.That(refused.Outcome, Is.EqualTo(RateLimitOutcome.Limited));
        Assert.That(refused.RetryAfter, Is.EqualTo(TimeSpan.FromMilliseconds(64_000 - 5_000)));
        Assert.That(window.TryAcquire(Start + 63_999, 3).Outcome, Is.EqualTo(RateLimitOutcome.Limited), "seconds 3 and 4 still count: 4 requests");
        Assert.That(window.TryAcquire(Start + 64_000, 3).Outcome, Is.EqualTo(RateLimitOutcome.Allowed), "exactly when it said");
    }

    [Test]
    public void AfterAQuietWindow_TheWholeBudgetIsBack_AndSecondsWithNothingAreSkipped()
    {
        var window = new RequestWindow(TimeSpan.FromMinutes(1));
        for (var i = 0; i < 5; i++) Assert.That(window.TryAcquire(Start + i * 7_000, 5).Outcome, Is.EqualTo(RateLimitOutcome.Allowed));
        Assert.That(window.TryAcquire(Start + 30_000, 5).Outcome, Is.EqualTo(RateLimitOutcome.Limited));

        // Seconds 0, 7, 14, 21, 28 were used; at 69.0 s the first two have left.
        var later = window.TryAcquire(Start + 69_000, 5);
        Assert.That((later.Outcome, later.Remaining), Is.EqualTo((RateLimitOutcome.Allowed, 1L)));

        var muchLater = window.TryAcquire(Start + 10 * 60_000, 5);
        Assert.That((muchLater.Outcome, muchLater.Remaining), Is.EqualTo((RateLimitOutcome.Allowed, 4L)));
        Assert.That(window.LastSecond, Is.EqualTo((Start + 10 * 60_000) / 1000));
    }

    [Test]
    public void ManyRequestsInOneSecond_LeaveTogether()
    {
        var window = new RequestWindow(TimeSpan.FromMinutes(1));
        for (var i = 0; i < 100; i++) window.TryAcquire(Start + 500 + i, 100);
        Assert.That(window.TryAcquire(Start + 59_000, 100).Outcome, Is.EqualTo(RateLimitOutcome.Limited));
        var back = window.TryAcquire(Start + 61_000, 100);
        Assert.That((back.Outcome, back.Remaining), Is.EqualTo((RateLimitOutcome.Allowed, 99L)));
    }

    [Test]
    public void ConcurrentCallers_NeverGetMoreThanTheLimit()
    {
        var window = new RequestWindow(TimeSpan.FromMinutes(1));
        var admitted = 0;
        Parallel.For(0, 10_000, i =>
        {
            if (window.TryAcquire(Start + i % 1000, 2_500).Outcome == RateLimitOutcome.Allowed) Interlocked.Increment(ref admitted);
        });
        Assert.That(admitted, Is.EqualTo(2_500));
    }
}
