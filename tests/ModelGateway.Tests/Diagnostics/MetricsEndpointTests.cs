using System.Net;
using System.Text.RegularExpressions;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Diagnostics;

/// <summary>/metrics of a real gateway process over simulated workers, read after real traffic.</summary>
[NonParallelizable]
public class MetricsEndpointTests
{
    const string Model = "llama3.2:3b";
    SimulatorProcess _gpu1 = null!, _gpu2 = null!, _cpu = null!;
    GatewayProcess _gateway = null!;
    FleetConfig _config = null!;
    HttpClient Http => _gateway.Http;

    [OneTimeSetUp]
    public async Task StartFleet()
    {
        var sims = await Task.WhenAll(
            SimulatorProcess.StartAsync("--models", Model, "--preload", "*", "--reply-tokens", "8"),
            SimulatorProcess.StartAsync("--models", Model, "--preload", "*", "--reply-tokens", "8"),
            SimulatorProcess.StartAsync("--models", "phi3:mini"));
        (_gpu1, _gpu2, _cpu) = (sims[0], sims[1], sims[2]);
        _config = new FleetConfig()
            .Cluster("gpu").Worker("gpu", "gpu-1", _gpu1.BaseUrl).Worker("gpu", "gpu-2", _gpu2.BaseUrl)
            .Cluster("cpu").Worker("cpu", "cpu-1", _cpu.BaseUrl)
            // Nothing listens there and no probe takes it out of rotation first: every request to it fails over.
            .Cluster("ghost", configure: c => c["HealthCheck"]!["Active"]!["Enabled"] = false)
            .Worker("ghost", "ghost-1", $"http://127.0.0.1:{FreePort.Next()}")
            .Model(Model, "gpu", "chat")
            .Model("ghost:1b", "ghost");
        _gateway = await GatewayProcess.StartAsync(_config, waitForModels: [Model, "phi3:mini"]);
    }

    [OneTimeTearDown]
    public async Task StopFleet()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        await _gpu1.DisposeAsync();
        await _gpu2.DisposeAsync();
        await _cpu.DisposeAsync();
    }

    async Task<MetricsScrape> ScrapeAsync()
    {
        using var response = await Http.GetAsync("/metrics");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.ToString(), Does.StartWith("text/plain; version=0.0.4"));
        return new MetricsScrape(await response.Content.ReadAsStringAsync());
    }

    async Task ChatAsync(string path, string body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await Http.PostJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), text);
    }

    static readonly (string, string)[] OllamaChat = [("surface", "ollama"), ("endpoint", "/api/chat"), ("model", Model), ("status_class", "2xx")];

    [Test]
    public async Task ScrapeAfterRealTraffic_IsAcceptedByPromtool()
    {
        await ChatAsync("/api/chat", $$"""{"model":"{{Model}}","messages":[{"role":"user","content":"hi"}],"stream":false}""");
        await ChatAsync("/api/chat", $$"""{"model":"chat","messages":[{"role":"user","content":"hi"}]}""");
        await ChatAsync("/v1/chat/completions", """{"model":"chat","messages":[{"role":"user","content":"hi"}],"stream":true}""");
        await ChatAsync("/api/generate", """{"model":"nope:1b","prompt":"x"}""", HttpStatusCode.NotFound);
        using (await Http.GetAsync("/api/tags")) { }

        var scrape = await ScrapeAsync();
        Assert.That(scrape.Types.Keys, Is.SupersetOf(new[]
        {
            "modelgateway_requests_total", "modelgateway_request_duration_seconds", "modelgateway_worker_time_to_first_byte_seconds",
            "modelgateway_worker_in_flight", "modelgateway_cluster_healthy_workers", "http_server_request_duration_seconds",
        }));
        var (code, output) = await Promtool.CheckMetricsAsync(scrape.Text);
        Assert.That(code, Is.Zero.Or.EqualTo(3), $"promtool could not parse the scrape: {output}");
        // The only lint promtool may raise is on the runtime's own gauges (dotnet.assembly.count, dotnet.timer.count...):
        // their names are kept as OpenTelemetry's exporter writes them, so existing .NET dashboards keep working.
        var problems = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !Regex.IsMatch(l, "^dotnet_[a-z_]+_count non-histogram and non-summary metrics should not have \"_count\" suffix$"));
        Assert.That(problems, Is.Empty);
    }

    [Test]
    public async Task RequestsCounter_CountsEachRequestUnderItsSurfaceEndpointModelAndStatus()
    {
        var before = await ScrapeAsync();
        for (var i = 0; i < 3; i++)
            await ChatAsync("/api/chat", $$"""{"model":"chat","messages":[{"role":"user","content":"hi"}],"stream":false}""");
        for (var i = 0; i < 2; i++)
            await ChatAsync("/v1/chat/completions", """{"model":"chat","messages":[{"role":"user","content":"hi"}]}""");
        await ChatAsync("/api/chat", """{"model":"missing:7b","messages":[]}""", HttpStatusCode.NotFound);
        var after = await ScrapeAsync();

        double Delta(params (string, string)[] labels) => after.Sum("modelgateway_requests_total", labels) - before.Sum("modelgateway_requests_total", labels);
        Assert.That(Delta(OllamaChat), Is.EqualTo(3));
        Assert.That(Delta(("surface", "openai"), ("endpoint", "/v1/chat/completions"), ("model", Model), ("status_class", "2xx")), Is.EqualTo(2));
        Assert.That(Delta(("surface", "ollama"), ("endpoint", "/api/chat"), ("model", ""), ("status_class", "4xx")), Is.EqualTo(1));
    }

    [Test]
    public async Task DurationHistogram_CountsEveryRequestInCumulativeBuckets()
    {
        var before = await ScrapeAsync();
        for (var i = 0; i < 4; i++)
            await ChatAsync("/api/chat", $$"""{"model":"{{Model}}","messages":[{"role":"user","content":"hi"}],"stream":false}""");
        var after = await ScrapeAsync();

        var count = after.Sum("modelgateway_request_duration_seconds_count", OllamaChat);
        Assert.That(count - before.Sum("modelgateway_request_duration_seconds_count", OllamaChat), Is.EqualTo(4));
        Assert.That(after.Sum("modelgateway_request_duration_seconds_sum", OllamaChat), Is.GreaterThan(before.Sum("modelgateway_request_duration_seconds_sum", OllamaChat)));
        var buckets = after.Find("modelgateway_request_duration_seconds_bucket", OllamaChat).ToList();
        Assert.That(buckets.Select(b => b.Value), Is.Ordered, "cumulative buckets never decrease");
        Assert.That(buckets[^1].Labels["le"], Is.EqualTo("+Inf"));
        Assert.That(buckets[^1].Value, Is.EqualTo(count));
    }

    [Test]
    public async Task WorkerTimeToFirstByteAndTokens_AreRecordedForRelayedAnswers()
    {
        var before = await ScrapeAsync();
        await ChatAsync("/api/chat", $$"""{"model":"{{Model}}","messages":[{"role":"user","content":"hi"}]}""");
        await ChatAsync("/api/generate", $$"""{"model":"{{Model}}","prompt":"hello there","stream":false}""");
        var after = await ScrapeAsync();

        (string, string)[] model = [("model", Model)];
        Assert.That(after.Sum("modelgateway_worker_time_to_first_byte_seconds_count", model)
                    - before.Sum("modelgateway_worker_time_to_first_byte_seconds_count", model), Is.EqualTo(2));
        Assert.That(after.Find("modelgateway_worker_time_to_first_byte_seconds_count", model).Select(s => s.Labels["worker"]),
            Is.SubsetOf(new[] { "gpu-1", "gpu-2" }));
        Assert.That(after.Sum("modelgateway_tokens_total", ("model", Model), ("type", "completion"))
                    - before.Sum("modelgateway_tokens_total", ("model", Model), ("type", "completion")), Is.EqualTo(16), "8 reply tokens per answer");
        Assert.That(after.Sum("modelgateway_tokens_total", ("model", Model), ("type", "prompt")),
            Is.GreaterThan(before.Sum("modelgateway_tokens_total", ("model", Model), ("type", "prompt"))));
    }

    [Test]
    public async Task InFlightGauge_ShowsARequestWhileAWorkerServesIt()
    {
        await Task.WhenAll(_gpu1.SetFaultsAsync(slowFirstTokenMs: 1500), _gpu2.SetFaultsAsync(slowFirstTokenMs: 1500));
        try
        {
            var pending = Http.PostJsonAsync("/api/chat", $$"""{"model":"{{Model}}","messages":[{"role":"user","content":"slow"}],"stream":false}""");
            await _gateway.WaitUntilAsync(async () => (await ScrapeAsync()).Sum("modelgateway_worker_in_flight", ("cluster", "gpu")) == 1,
                TimeSpan.FromSeconds(5), "one request in flight on the gpu cluster");
            using (var response = await pending)
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await ScrapeAsync()).Sum("modelgateway_worker_in_flight", ("cluster", "gpu")), Is.Zero);
        }
        finally
        {
            await Task.WhenAll(_gpu1.SetFaultsAsync(slowFirstTokenMs: 0), _gpu2.SetFaultsAsync(slowFirstTokenMs: 0));
        }
    }

    [Test]
    public async Task KillingAWorker_DropsItsClustersHealthyWorkers()
    {
        var before = await ScrapeAsync();
        Assert.That(before.Sum("modelgateway_cluster_healthy_workers", ("cluster", "cpu")), Is.EqualTo(1));
        Assert.That(before.Sum("modelgateway_cluster_workers", ("cluster", "cpu")), Is.EqualTo(1));
        Assert.That(before.Sum("modelgateway_cluster_healthy_workers", ("cluster", "gpu")), Is.EqualTo(2));

        _cpu.Kill();

        await _gateway.WaitUntilAsync(async () => (await ScrapeAsync()).Sum("modelgateway_cluster_healthy_workers", ("cluster", "cpu")) == 0,
            TimeSpan.FromSeconds(10), "healthy workers of cluster cpu to drop to 0");
        var after = await ScrapeAsync();
        Assert.That(after.Sum("modelgateway_cluster_workers", ("cluster", "cpu")), Is.EqualTo(1), "the worker is still configured");
        Assert.That(after.Sum("modelgateway_cluster_healthy_workers", ("cluster", "gpu")), Is.EqualTo(2));
    }

    [Test]
    public async Task UnreachableWorker_IsCountedAsAFailoverWithItsReason()
    {
        (string, string)[] labels = [("cluster", "ghost"), ("worker", "ghost-1"), ("reason", "unreachable")];
        var before = await ScrapeAsync();
        await ChatAsync("/api/generate", """{"model":"ghost:1b","prompt":"x","stream":false}""", HttpStatusCode.BadGateway);
        var after = await ScrapeAsync();

        Assert.That(after.Sum("modelgateway_worker_failovers_total", labels) - before.Sum("modelgateway_worker_failovers_total", labels), Is.EqualTo(1));
        (string, string)[] failed = [("endpoint", "/api/generate"), ("model", "ghost:1b"), ("status_class", "5xx")];
        Assert.That(after.Sum("modelgateway_requests_total", failed) - before.Sum("modelgateway_requests_total", failed), Is.EqualTo(1));
    }

    [Test]
    public async Task FleetFileEdits_AreCountedByReloadResult()
    {
        await _gateway.WriteConfigTextAsync("{ this is not json");
        await _gateway.WaitUntilAsync(async () => (await ScrapeAsync()).Sum("modelgateway_config_reloads_total", ("result", "rejected")) >= 1,
            TimeSpan.FromSeconds(10), "a rejected reload to be counted");

        await _gateway.WriteConfigAsync(_config.Set("Dispatch:RetryAfterSeconds", 2));
        await _gateway.WaitUntilAsync(async () => (await ScrapeAsync()).Sum("modelgateway_config_reloads_total", ("result", "applied")) >= 1,
            TimeSpan.FromSeconds(10), "an applied reload to be counted");
    }
}
