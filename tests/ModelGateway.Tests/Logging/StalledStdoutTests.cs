using System.Diagnostics;
using System.Net;
using ModelGateway.Tests.Diagnostics;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Logging;

/// <summary>A real gateway whose stdout nobody reads (a stalled log shipper): requests must not wait for the log.</summary>
[NonParallelizable]
public class StalledStdoutTests
{
    const string Model = "llama3.2:3b";

    [Test]
    public async Task RequestsStillCompletePromptly_AndTheDroppedLinesAreCountedAndReported()
    {
        await using var worker = await SimulatorProcess.StartAsync("--models", Model, "--preload", "*");
        var config = new FleetConfig()
            .Cluster("gpu").Worker("gpu", "gpu-1", worker.BaseUrl)
            .Model(Model, "gpu")
            .Set("Logging:Console:FormatterName", "json")
            .Set("Logging:Console:MaxQueueLength", 20);
        await using var gateway = await GatewayProcess.StartAsync(config, holdStandardOutput: true);

        // Each request writes a ~600-byte line: 600 of them overflow the 64 KiB pipe and the 20-line queue many times over.
        var slowest = TimeSpan.Zero;
        for (var i = 0; i < 600; i++)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var clock = Stopwatch.StartNew();
            using var response = await gateway.Http.GetAsync("/api/tags", timeout.Token);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            if (clock.Elapsed > slowest) slowest = clock.Elapsed;
        }
        Assert.That(slowest, Is.LessThan(TimeSpan.FromSeconds(5)), "no request waited for the log output");

        var scrape = new MetricsScrape(await gateway.Http.GetStringAsync("/metrics"));
        Assert.That(scrape.Sum("modelgateway_log_dropped_lines_total"), Is.GreaterThan(0));

        gateway.Process.ReadStandardOutput();
        await gateway.WaitForLogAsync("log lines dropped");
    }
}
