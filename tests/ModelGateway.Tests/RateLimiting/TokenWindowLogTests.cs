using ModelGateway.RateLimiting;

namespace ModelGateway.Tests.RateLimiting;

public class TokenWindowLogTests
{
    const long Window = 60_000;

    [Test]
    public void Reservations_FitUntilTheBudgetIsSpent()
    {
        var log = new TokenWindowLog();
        var first = log.TryReserve(0, Window, 60, 100)!.Value;
        Assert.That(first.Decision.Outcome, Is.EqualTo(RateLimitOutcome.Allowed));
        Assert.That(first.Decision.Remaining, Is.EqualTo(40));
        var second = log.TryReserve(1_000, Window, 50, 100)!.Value;
        Assert.That(second.Decision.Outcome, Is.EqualTo(RateLimitOutcome.Limited));
        Assert.That(second.Id, Is.Null);
        // It fits once the first charge (made at 0) leaves the window.
        Assert.That(second.Decision.RetryAfter, Is.EqualTo(TimeSpan.FromMilliseconds(Window - 1_000)));
    }

    [Test]
    public void Adjusting_ToTheRealUsage_FreesOrChargesTheDifference()
    {
        var log = new TokenWindowLog();
        var reserved = log.TryReserve(0, Window, 80, 100)!.Value;
        log.Adjust(reserved.Id!.Value, -70); // used 10, not 80
        var next = log.TryReserve(10, Window, 90, 100)!.Value;
        Assert.That(next.Decision.Outcome, Is.EqualTo(RateLimitOutcome.Allowed));
        Assert.That(next.Decision.Remaining, Is.EqualTo(0));
        log.Adjust(next.Id!.Value, 30); // used 120, more than reserved
        var refused = log.TryReserve(20, Window, 1, 100)!.Value;
        Assert.That(refused.Decision.Outcome, Is.EqualTo(RateLimitOutcome.Limited));
        Assert.That(refused.Decision.Remaining, Is.EqualTo(0));
    }

    [Test]
    public void RetryAfter_WaitsForAsManyOldChargesAsTheAmountNeeds()
    {
        var log = new TokenWindowLog();
        log.TryReserve(0, Window, 30, 100);
        log.TryReserve(5_000, Window, 30, 100);
        log.TryReserve(9_000, Window, 40, 100);
        var refused = log.TryReserve(10_000, Window, 50, 100)!.Value;
        // 50 tokens need the charges made at 0 and at 5 s to leave the window.
        Assert.That(refused.Decision.RetryAfter, Is.EqualTo(TimeSpan.FromMilliseconds(5_000 + Window - 10_000)));
        Assert.That(refused.Decision.ResetAfter, Is.EqualTo(TimeSpan.FromMilliseconds(9_000 + Window - 10_000)));
        Assert.That(log.TryReserve(5_000 + Window + 1, Window, 50, 100)!.Value.Decision.Outcome, Is.EqualTo(RateLimitOutcome.Allowed));
    }

    [Test]
    public void ARetiredLog_RefusesToTakeCharges()
    {
        var log = new TokenWindowLog();
        log.TryReserve(0, Window, 10, 100);
        Assert.That(log.TryRetire(-1), Is.False);
        Assert.That(log.TryRetire(Window), Is.True);
        Assert.That(log.TryReserve(Window + 1, Window, 10, 100), Is.Null);
    }
}
