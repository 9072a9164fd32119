using ModelGateway.Health;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace ModelGateway.Tests.Health;

/// <summary>Observers hear of real changes of a worker's health only, after YARP's own updater applied them.</summary>
public class ObservedDestinationHealthUpdaterTests
{
    sealed class ApplyingUpdater : IDestinationHealthUpdater
    {
        public int Calls;

        public void SetActive(ClusterState cluster, IEnumerable<NewActiveDestinationHealth> newHealthStates)
        {
            Calls++;
            foreach (var state in newHealthStates) state.Destination.Health.Active = state.NewActiveHealth;
        }

        public void SetPassive(ClusterState cluster, DestinationState destination, DestinationHealth newHealth, TimeSpan reactivationPeriod)
        {
            Calls++;
            destination.Health.Passive = newHealth;
        }
    }

    sealed class RecordingObserver : IDestinationHealthObserver
    {
        public readonly List<(string Cluster, bool CameBack, DestinationHealth ActiveWhenTold)> Told = new();
        public DestinationState? Watched;

        public void HealthChanged(ClusterState cluster, bool cameBack)
            => Told.Add((cluster.ClusterId, cameBack, Watched?.Health.Active ?? DestinationHealth.Unknown));
    }

    [Test]
    public void ActiveChanges_AreTold_WithWhetherAWorkerCameBack_AfterTheyApply()
    {
        var inner = new ApplyingUpdater();
        var worker = new DestinationState("a");
        worker.Health.Active = DestinationHealth.Healthy;
        RecordingObserver first = new() { Watched = worker }, second = new();
        var updater = new ObservedDestinationHealthUpdater(inner, [first, second]);
        var cluster = new ClusterState("gpu");

        updater.SetActive(cluster, [new(worker, DestinationHealth.Healthy)]);
        Assert.That(first.Told, Is.Empty, "a probe that found no change tells nobody");

        updater.SetActive(cluster, [new(worker, DestinationHealth.Unhealthy)]);
        updater.SetActive(cluster, [new(worker, DestinationHealth.Healthy)]);

        Assert.That(first.Told, Is.EqualTo(new[] { ("gpu", false, DestinationHealth.Unhealthy), ("gpu", true, DestinationHealth.Healthy) }),
            "went down, then came back; each told once the change is applied");
        Assert.That(second.Told, Has.Count.EqualTo(2), "every observer hears");
        Assert.That(inner.Calls, Is.EqualTo(3), "YARP's own updater still does the work");
    }

    [Test]
    public void PassiveChanges_AreTold_AnUnchangedOneIsNot()
    {
        var observer = new RecordingObserver();
        var updater = new ObservedDestinationHealthUpdater(new ApplyingUpdater(), [observer]);
        var cluster = new ClusterState("gpu");
        var worker = new DestinationState("a");

        updater.SetPassive(cluster, worker, DestinationHealth.Unhealthy, TimeSpan.FromSeconds(10));
        updater.SetPassive(cluster, worker, DestinationHealth.Unhealthy, TimeSpan.FromSeconds(10));

        Assert.That(observer.Told, Has.Count.EqualTo(1));
        Assert.That(observer.Told[0].CameBack, Is.False);
    }
}
