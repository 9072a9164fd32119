using System.Collections.Frozen;
using ModelGateway.Inventory;
using ModelGateway.Preloading;

namespace ModelGateway.Tests.Preloading;

/// <summary>Where a kept model is loaded, and when: the choice among a cluster's workers at a given moment.</summary>
public class PreloadPlannerTests
{
    static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    static readonly TimeSpan Margin = TimeSpan.FromMinutes(1);
    static readonly KeptModel Kept = new("llama3.2:3b", "llama3.2:3b", "gpu", 1, TimeSpan.FromMinutes(30));

    static PreloadCandidate Worker(string id, bool eligible = true, bool loaded = false, DateTimeOffset? expiresAt = null, bool inFlight = false,
        DateTimeOffset? retryAfter = null, DateTimeOffset? refreshAfter = null, double utilization = 0)
        => new(id, eligible, loaded, expiresAt, inFlight, retryAfter ?? DateTimeOffset.MinValue, refreshAfter ?? DateTimeOffset.MinValue, utilization);

    static PreloadPlan Plan(int keepLoaded, params PreloadCandidate[] workers) => PreloadPlanner.Plan(workers, keepLoaded, Margin, Now);

    [Test]
    public void AWorkerThatHasItLoaded_IsChosen_AndNothingIsSentWhileItsKeepAliveLasts()
    {
        var plan = Plan(1, Worker("a"), Worker("b", loaded: true, expiresAt: Now.AddMinutes(20)));
        Assert.That(plan.Chosen, Is.EqualTo(new[] { "b" }));
        Assert.That(plan.Steps, Is.Empty);
        Assert.That(plan.NextCheck, Is.EqualTo(Now.AddMinutes(19)), "look again when the refresh margin begins");
    }

    [Test]
    public void NoneHasIt_TheLeastBusyWorkerGetsALoad()
    {
        var plan = Plan(1, Worker("a", utilization: 0.5), Worker("b", utilization: 0), Worker("c", utilization: 1));
        Assert.That(plan.Steps, Is.EqualTo(new[] { new PreloadStep("b", Refresh: false, ExpiresAt: null) }));
    }

    [Test]
    public void EquallyBusyWorkers_AreChosenInIdOrder_SoTheChoiceIsStable()
    {
        var plan = Plan(1, Worker("c"), Worker("a"), Worker("b"));
        Assert.That(plan.Chosen, Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public void KeepLoadedAboveTheWorkersThatCanTakeIt_LoadsOnEveryOneThatCan()
    {
        var plan = Plan(10, Worker("a"), Worker("b", eligible: false), Worker("c", loaded: true, expiresAt: Now.AddHours(1)));
        Assert.That(plan.Chosen, Is.EquivalentTo(new[] { "a", "c" }));
        Assert.That(plan.Steps.Select(s => s.DestinationId), Is.EqualTo(new[] { "a" }), "not b: unhealthy, unpolled or without the model");
    }

    [Test]
    public void AKeepAliveWithinTheMargin_IsRefreshed()
    {
        var expiresAt = Now.AddSeconds(45);
        var plan = Plan(1, Worker("a", loaded: true, expiresAt: expiresAt));
        Assert.That(plan.Steps, Is.EqualTo(new[] { new PreloadStep("a", Refresh: true, expiresAt) }));
    }

    [Test]
    public void AModelLoadedWithNoKnownEnd_IsLeftAlone()
    {
        var plan = Plan(1, Worker("a", loaded: true, expiresAt: null));
        Assert.That(plan.Steps, Is.Empty);
        Assert.That(plan.NextCheck, Is.Null);
    }

    [Test]
    public void ARefreshJustSent_IsNotRepeated_WhileTheWorkerStillReportsTheOldExpiry()
    {
        // A worker busy with a request for the model reports the expiry it had before that request until it ends.
        var plan = Plan(1, Worker("a", loaded: true, expiresAt: Now.AddSeconds(-5), refreshAfter: Now.AddSeconds(40)));
        Assert.That(plan.Steps, Is.Empty);
        Assert.That(plan.NextCheck, Is.EqualTo(Now.AddSeconds(40)));
    }

    [Test]
    public void ALoadInFlight_CountsAsHoldingIt_SoNoSecondWorkerIsLoaded()
    {
        var plan = Plan(1, Worker("a", utilization: 0), Worker("b", inFlight: true, utilization: 3));
        Assert.That(plan.Chosen, Is.EqualTo(new[] { "b" }));
        Assert.That(plan.Steps, Is.Empty);
    }

    [Test]
    public void AWorkerWaitingAfterAFailedLoad_IsPassedOverForOneThatCanLoadNow()
    {
        var plan = Plan(1, Worker("a", retryAfter: Now.AddSeconds(8)), Worker("b", utilization: 2));
        Assert.That(plan.Steps.Select(s => s.DestinationId), Is.EqualTo(new[] { "b" }));
    }

    [Test]
    public void WhenOnlyAWaitingWorkerIsLeft_NothingIsSentUntilItsWaitEnds()
    {
        var plan = Plan(1, Worker("a", retryAfter: Now.AddSeconds(8)));
        Assert.That(plan.Steps, Is.Empty);
        Assert.That(plan.NextCheck, Is.EqualTo(Now.AddSeconds(8)));

        var later = PreloadPlanner.Plan([Worker("a", retryAfter: Now.AddSeconds(8))], 1, Margin, Now.AddSeconds(8));
        Assert.That(later.Steps.Select(s => s.DestinationId), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public void MoreWorkersHoldItThanWanted_TheLongestLivedAreKept_AndTheOthersLeftToExpire()
    {
        var plan = Plan(2,
            Worker("a", loaded: true, expiresAt: Now.AddSeconds(30)),
            Worker("b", loaded: true, expiresAt: Now.AddMinutes(25)),
            Worker("c", loaded: true, expiresAt: Now.AddSeconds(50)));
        Assert.That(plan.Chosen, Is.EqualTo(new[] { "b", "c" }));
        Assert.That(plan.Steps.Select(s => s.DestinationId), Is.EqualTo(new[] { "c" }), "a is not refreshed: one worker too many");
    }

    [Test]
    public void APollThatBeganBeforeTheGatewaysOwnLoad_IsOverruledByIt()
    {
        var polled = new WorkerInventory("gpu", "a", new Dictionary<string, string> { ["llama3.2:3b"] = "llama3.2:3b" }.ToFrozenDictionary(),
            FrozenSet<string>.Empty, "0.12.10", Now);
        var record = new LoadRecord();
        record.TryBegin();
        record.Succeeded(Now.AddSeconds(1), Kept.RefreshMargin);

        var candidate = PreloadCandidate.Of("a", healthy: true, polled, record, Kept, utilization: 0);
        Assert.That(candidate.Loaded, Is.True);
        Assert.That(candidate.ExpiresAt, Is.EqualTo(Now.AddSeconds(1) + Kept.KeepAlive));

        var newer = polled with { RefreshedAt = Now.AddSeconds(2) };
        Assert.That(PreloadCandidate.Of("a", healthy: true, newer, record, Kept, utilization: 0).Loaded, Is.False, "a later poll is the truth");
    }

    [Test]
    public void AfterARefresh_TheSameReportedExpiry_HoldsOffAnother_ButAnExpiryAClientMoved_DoesNot()
    {
        var before = Now.AddSeconds(20);
        var record = new LoadRecord();
        record.TryBegin();
        record.Succeeded(Now, Kept.RefreshMargin, replacedExpiry: before);
        WorkerInventory Polled(DateTimeOffset expiresAt) => new("gpu", "a", new Dictionary<string, string> { ["llama3.2:3b"] = "llama3.2:3b" }.ToFrozenDictionary(),
            new[] { "llama3.2:3b" }.ToFrozenSet(), "0.12.10", Now.AddSeconds(1)) { Expiries = new Dictionary<string, DateTimeOffset> { ["llama3.2:3b"] = expiresAt }.ToFrozenDictionary() };

        // Busy with a request for the model, the worker still reports the expiry from before the refresh.
        var stale = PreloadCandidate.Of("a", healthy: true, Polled(before), record, Kept, 0);
        Assert.That(stale.RefreshAfter, Is.EqualTo(Now + Kept.RefreshMargin));
        Assert.That(PreloadPlanner.Plan([stale], 1, Margin, Now.AddSeconds(2)).Steps, Is.Empty);

        // A client's request without keep_alive left it the worker's default of a few seconds.
        var moved = PreloadCandidate.Of("a", healthy: true, Polled(Now.AddSeconds(3)), record, Kept, 0);
        Assert.That(PreloadPlanner.Plan([moved], 1, Margin, Now.AddSeconds(2)).Steps.Select(s => s.Refresh), Is.EqualTo(new[] { true }));
    }

    [Test]
    public void AnUnhealthyWorker_OrOneNotPolledYet_OrWithoutTheModel_IsNotEligible()
    {
        var inventory = new WorkerInventory("gpu", "a", new Dictionary<string, string> { ["llama3.2:3b"] = "llama3.2:3b" }.ToFrozenDictionary(),
            FrozenSet<string>.Empty, "0.12.10", Now);
        Assert.That(PreloadCandidate.Of("a", healthy: true, inventory, null, Kept, 0).Eligible, Is.True);
        Assert.That(PreloadCandidate.Of("a", healthy: false, inventory, null, Kept, 0).Eligible, Is.False);
        Assert.That(PreloadCandidate.Of("a", healthy: true, null, null, Kept, 0).Eligible, Is.False);
        var other = Kept with { Normalized = "qwen3:8b" };
        Assert.That(PreloadCandidate.Of("a", healthy: true, inventory, null, other, 0).Eligible, Is.False);
    }

    [TestCase("00:30:00", 60)]
    [TestCase("00:01:00", 30)]
    [TestCase("00:00:04", 2)]
    public void TheRefreshMargin_IsHalfTheKeepAlive_AtMostOneMinute(string keepAlive, double marginSeconds)
        => Assert.That((Kept with { KeepAlive = TimeSpan.Parse(keepAlive) }).RefreshMargin, Is.EqualTo(TimeSpan.FromSeconds(marginSeconds)));
}
