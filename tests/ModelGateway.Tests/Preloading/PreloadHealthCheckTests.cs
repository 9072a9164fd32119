using Microsoft.Extensions.Diagnostics.HealthChecks;
using ModelGateway.Preloading;

namespace ModelGateway.Tests.Preloading;

/// <summary>The /readyz entry for kept models: never failing, but never saying all is well when a model is loaded nowhere.</summary>
public class PreloadHealthCheckTests
{
    sealed class FixedPreloader(params KeptModelStatus[] status) : IModelPreloader
    {
        public IReadOnlyList<KeptModelStatus> Status() => status;
        public void RequestPass() { }
    }

    static Task<HealthCheckResult> CheckAsync(params KeptModelStatus[] status)
        => new PreloadHealthCheck(new FixedPreloader(status)).CheckHealthAsync(new HealthCheckContext());

    [Test]
    public async Task EveryKeptModelLoadedAsWanted_SaysSo()
    {
        var result = await CheckAsync(new KeptModelStatus("llama3.2:3b", "gpu", 2, 2, 2));
        Assert.That(result.Status, Is.EqualTo(HealthStatus.Healthy));
        Assert.That(result.Description, Is.EqualTo("1 kept models loaded as wanted"));
        Assert.That(result.Data["llama3.2:3b@gpu"], Is.EqualTo("loaded on 2 of 2 workers wanted (KeepLoaded 2)"));
    }

    [Test]
    public async Task AKeptModelNoHealthyWorkerHasInstalled_IsNamed_NotReportedAsLoadedAsWanted()
    {
        var result = await CheckAsync(new KeptModelStatus("llama3.2:3b", "gpu", 2, 2, 1), new KeptModelStatus("lama3.2:3b", "gpu", 1, 0, 0));
        Assert.That(result.Status, Is.EqualTo(HealthStatus.Healthy), "a cold load still serves the model");
        Assert.That(result.Description, Is.EqualTo("1 of 2 kept models loaded on fewer workers than wanted; 1 of 2 kept models installed on no healthy worker"));
        Assert.That(result.Data["lama3.2:3b@gpu"], Is.EqualTo("installed on no healthy worker, so loaded nowhere (KeepLoaded 1)"));
        Assert.That(result.Data["llama3.2:3b@gpu"], Is.EqualTo("loaded on 1 of 2 workers wanted (KeepLoaded 2)"));
    }
}
