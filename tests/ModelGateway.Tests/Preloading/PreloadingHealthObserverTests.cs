using ModelGateway.Preloading;
using Yarp.ReverseProxy.Model;

namespace ModelGateway.Tests.Preloading;

/// <summary>A change of a worker's health makes the preloader look again; with no model kept loaded it does not.</summary>
public class PreloadingHealthObserverTests
{
    static readonly TimeSpan Short = TimeSpan.FromMilliseconds(50);

    [TestCase(true)]
    [TestCase(false)]
    public async Task AWorkerComingBackOrGoingDown_WakesThePreloader(bool cameBack)
    {
        var trigger = new PreloadTrigger { Enabled = true };
        var observer = new PreloadingHealthObserver(trigger);
        Assert.That(await trigger.WaitAsync(Short, TimeProvider.System, CancellationToken.None), Is.False, "nothing yet");

        observer.HealthChanged(new ClusterState("gpu"), cameBack);

        Assert.That(await trigger.WaitAsync(Short, TimeProvider.System, CancellationToken.None), Is.True);
    }

    [Test]
    public async Task WithNoModelKeptLoaded_ItDoesNothing()
    {
        var trigger = new PreloadTrigger();
        new PreloadingHealthObserver(trigger).HealthChanged(new ClusterState("gpu"), cameBack: false);

        Assert.That(await trigger.WaitAsync(Short, TimeProvider.System, CancellationToken.None), Is.False);
    }
}
