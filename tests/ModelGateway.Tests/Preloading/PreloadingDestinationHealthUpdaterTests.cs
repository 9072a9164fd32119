using ModelGateway.Preloading;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace ModelGateway.Tests.Preloading;

/// <summary>A change of a worker's health makes the preloader look again; no change, or no kept model, does not.</summary>
public class PreloadingDestinationHealthUpdaterTests
{
    static readonly TimeSpan Short = TimeSpan.FromMilliseconds(50);

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

    [Test]
    public async Task AWorkerComingBackOrGoingDown_WakesThePreloader_AnUnchangedOneDoesNot()
    {
        var trigger = new PreloadTrigger { Enabled = true };
        var inner = new ApplyingUpdater();
        var updater = new PreloadingDestinationHealthUpdater(inner, trigger);
        var cluster = new ClusterState("gpu");
        var worker = new DestinationState("a");
        worker.Health.Active = DestinationHealth.Healthy;

        updater.SetActive(cluster, [new(worker, DestinationHealth.Healthy)]);
        Assert.That(await trigger.WaitAsync(Short, TimeProvider.System, CancellationToken.None), Is.False, "no change, no look");

        updater.SetActive(cluster, [new(worker, DestinationHealth.Unhealthy)]);
        Assert.That(await trigger.WaitAsync(Short, TimeProvider.System, CancellationToken.None), Is.True, "went down: another worker may have to load");

        updater.SetActive(cluster, [new(worker, DestinationHealth.Healthy)]);
        Assert.That(await trigger.WaitAsync(Short, TimeProvider.System, CancellationToken.None), Is.True, "came back");

        updater.SetPassive(cluster, worker, DestinationHealth.Unhealthy, TimeSpan.FromSeconds(10));
        Assert.That(await trigger.WaitAsync(Short, TimeProvider.System, CancellationToken.None), Is.True, "a passive failure too");
        Assert.That(inner.Calls, Is.EqualTo(4), "YARP's own updater still does the work");
    }

    [Test]
    public async Task WithNoModelKeptLoaded_PullsDoNothing()
    {
        var trigger = new PreloadTrigger();
        var updater = new PreloadingDestinationHealthUpdater(new ApplyingUpdater(), trigger);
        var worker = new DestinationState("a");

        updater.SetActive(new ClusterState("gpu"), [new(worker, DestinationHealth.Unhealthy)]);

        Assert.That(await trigger.WaitAsync(Short, TimeProvider.System, CancellationToken.None), Is.False);
    }
}
