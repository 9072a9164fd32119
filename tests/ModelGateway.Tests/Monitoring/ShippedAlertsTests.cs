using System.Net;
using System.Text.Json.Nodes;
using ModelGateway.Authentication;
using ModelGateway.Tests.Diagnostics;
using ModelGateway.Tests.Fixtures;
using ModelGateway.Tests.RateLimiting;

namespace ModelGateway.Tests.Monitoring;

/// <summary>
/// The shipped alerting rules and dashboard against what a real gateway exports: a real Prometheus scrapes a gateway
/// in front of simulated workers and Redis, evaluates the shipped rules (without their <c>for</c> waits), and answers
/// the dashboard's queries. A healthy fleet must fire nothing; faults must fire the alerts written for them.
/// </summary>
[NonParallelizable]
public sealed class ShippedAlertsTests
{
    const string Job = "modelgateway";
    static readonly string TeamKey = ApiKeyCommand.Mint();
    static readonly string TightKey = ApiKeyCommand.Mint();

    SimulatorProcess _pair1 = null!, _pair2 = null!, _pair3 = null!, _solo = null!;
    RedisServerProcess _redis = null!;
    GatewayProcess _gateway = null!;
    PrometheusServerProcess _prometheus = null!;
    string _rulesDirectory = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _redis = await RedisServerProcess.StartAsync();
        var sims = await Task.WhenAll(
            SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--preload", "*"),
            SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--preload", "*"),
            SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--preload", "*"),
            SimulatorProcess.StartAsync("--models", "qwen2.5:7b,phi3:mini", "--preload", "*"));
        (_pair1, _pair2, _pair3, _solo) = (sims[0], sims[1], sims[2], sims[3]);

        var config = new FleetConfig()
            .Cluster("pair").Worker("pair", "p1", _pair1.BaseUrl).Worker("pair", "p2", _pair2.BaseUrl)
            // The preferred worker: once it fails every request, each one fails over from it.
            .Worker("pair", "p3", _pair3.BaseUrl, weight: 10)
            .Cluster("solo").Worker("solo", "s1", _solo.BaseUrl)
            .Model("llama3.2:3b", "pair").Model("qwen2.5:7b", "solo").Model("phi3:mini", "solo")
            .Set("Redis:Endpoint", _redis.Endpoint)
            .Set("Redis:ReconnectMinDelay", "00:00:00.050").Set("Redis:ReconnectMaxDelay", "00:00:00.250")
            .Set("RateLimits:UseRedis", true)
            .Set("ResponseCache:Enabled", true).Set("ResponseCache:CacheNonDeterministic", true)
            .Set("Authentication:ApiKeys", new JsonArray(
                KeyedConfig.Entry("team", TeamKey, ["*"], rpm: 100000),
                KeyedConfig.Entry("tight", TightKey, ["*"], rpm: 2)));
        var models = (JsonArray)config.Root["Models"]!;
        models[0]!["KeepLoaded"] = 1;
        models[1]!["KeepLoaded"] = 1;
        models[1]!["Fallbacks"] = new JsonArray("phi3:mini");
        _gateway = await GatewayProcess.StartAsync(config);
        await KeyedConfig.WaitForHealthyFleetAsync(_gateway);

        _rulesDirectory = Directory.CreateTempSubdirectory("mg-rules-").FullName;
        var rules = Path.Combine(_rulesDirectory, "modelgateway-alerts.yml");
        await File.WriteAllTextAsync(rules, ShippedMonitoring.RulesFiringAtOnce());
        _prometheus = await PrometheusServerProcess.StartAsync(Job, [$"127.0.0.1:{_gateway.Port}"], [rules]);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_prometheus is not null) await _prometheus.DisposeAsync();
        if (_gateway is not null) await _gateway.DisposeAsync();
        foreach (var sim in new[] { _pair1, _pair2, _pair3, _solo }) if (sim is not null) await sim.DisposeAsync();
        if (_redis is not null) await _redis.DisposeAsync();
        if (_rulesDirectory is not null) Directory.Delete(_rulesDirectory, recursive: true);
    }

    [Test, Order(1)]
    public async Task AHealthyFleetUnderTraffic_FiresNoAlert()
    {
        await SendTrafficAsync();
        for (var i = 0; i < 4; i++)
            Assert.That((await SendAsync("/api/generate", "llama3.2:3b", TightKey)).StatusCode,
                i < 2 ? Is.EqualTo(HttpStatusCode.OK) : Is.EqualTo(HttpStatusCode.TooManyRequests));
        await WaitForScrapedRequestsAsync();
        // Kept models are loaded once the gateway's inventory has seen them; the rules must agree before judging.
        await WaitUntilAsync(async () => (await _prometheus.QueryAsync(
            "modelgateway_preload_workers_loaded >= modelgateway_preload_workers_wanted")).Count == 2, "both kept models loaded");
        await Task.Delay(TimeSpan.FromSeconds(3)); // three rule evaluations on the newest scrapes

        var firing = await _prometheus.FiringAlertsAsync();

        Assert.That(firing.Select(Describe), Is.Empty);
        await AssertRulesEvaluateWithoutErrorAsync();
    }

    [Test, Order(2)]
    public async Task Faults_FireTheAlertsWrittenForThem()
    {
        await _solo.DisposeAsync();                   // cluster solo: no worker left
        await _pair2.DisposeAsync();                  // cluster pair: one worker of three down
        await _pair3.SetFaultsAsync(failRate: 1.0);   // and its preferred worker fails every request
        await _redis.StopAsync();
        await _gateway.WriteConfigTextAsync("{ \"ReverseProxy\": ");   // an editor saving half a file

        string[] expected =
        [
            "ModelGatewayClusterCannotServe cluster=solo",
            "ModelGatewayClusterDegraded cluster=pair",
            "ModelGatewayHighErrorRatio model=qwen2.5:7b",
            "ModelGatewayModelUnavailable model=qwen2.5:7b",
            "ModelGatewayKeptModelNotInstalled cluster=solo model=qwen2.5:7b",
            "ModelGatewayConfigReloadRejected",
            "ModelGatewayRedisDisconnected",
            "ModelGatewayRateLimitsUnchecked mode=open",
        ];
        var seen = new HashSet<string>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        while (DateTime.UtcNow < deadline && !expected.All(seen.Contains))
        {
            await SendAsync("/api/chat", "qwen2.5:7b", TeamKey);
            await SendAsync("/api/chat", "llama3.2:3b", TeamKey);
            foreach (var alert in await _prometheus.FiringAlertsAsync()) seen.Add(Describe(alert));
            await Task.Delay(250);
        }

        Assert.That(expected, Is.SubsetOf(seen), "alerts that never fired; fired: " + string.Join(", ", seen));
        Assert.That(seen.Where(a => a.StartsWith("ModelGatewayClusterCannotServe")), Is.EqualTo(new[] { "ModelGatewayClusterCannotServe cluster=solo" }),
            "only the cluster without workers cannot serve");
        await AssertRulesEvaluateWithoutErrorAsync();
    }

    [Test, Order(3)]
    public async Task EveryDashboardPanel_ShowsData()
    {
        await WaitForScrapedRequestsAsync();
        var dashboard = JsonNode.Parse(await File.ReadAllTextAsync(ShippedMonitoring.DashboardPath))!;
        var panels = dashboard["panels"]!.AsArray().Select(p => p!).Where(p => (string?)p["type"] != "row").ToList();

        Assert.That(panels, Is.Not.Empty);
        Assert.Multiple(async () =>
        {
            foreach (var panel in panels)
            {
                var results = 0;
                foreach (var target in panel["targets"]!.AsArray())
                    results += (await _prometheus.QueryAsync(AsGrafanaWouldSend((string)target!["expr"]!))).Count;
                Assert.That(results, Is.GreaterThan(0), $"panel '{panel["title"]}' has no data");
            }
        });
    }

    [Test, Order(4)]
    public async Task EveryMetricTheRulesAndDashboardRead_IsOneTheGatewayExports()
    {
        var exported = (await _prometheus.QueryAsync($"count by (__name__) ({{job=\"{Job}\"}})"))
            .Select(r => System.Text.RegularExpressions.Regex.Replace((string)r!["metric"]!["__name__"]!, "_(bucket|sum|count)$", ""))
            .ToHashSet();
        var dashboard = JsonNode.Parse(await File.ReadAllTextAsync(ShippedMonitoring.DashboardPath))!;
        var queries = dashboard["panels"]!.AsArray().SelectMany(p => p!["targets"]?.AsArray() ?? []).Select(t => (string)t!["expr"]!);
        var read = ShippedMonitoring.MetricNames(await File.ReadAllTextAsync(ShippedMonitoring.RulesPath))
            .Concat(queries.SelectMany(ShippedMonitoring.MetricNames)).ToHashSet();

        Assert.That(read.Except(exported), Is.Empty, "names no gateway series has");
    }

    /// <summary>The dashboard's variables as Grafana fills them for one job, all instances.</summary>
    static string AsGrafanaWouldSend(string expr)
        => expr.Replace("$__rate_interval", "1m").Replace("$job", Job).Replace("$instance", ".*");

    static string Describe(JsonObject alert)
    {
        var labels = alert["labels"]!.AsObject();
        var detail = new[] { "cluster", "model", "mode" }.Where(labels.ContainsKey).Select(k => $"{k}={labels[k]}");
        return string.Join(' ', new[] { (string)labels["alertname"]! }.Concat(detail));
    }

    async Task SendTrafficAsync()
    {
        for (var i = 0; i < 6; i++)
        {
            Assert.That((await SendAsync("/api/chat", "llama3.2:3b", TeamKey)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await SendAsync("/api/chat", "qwen2.5:7b", TeamKey)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            using var openAi = await _gateway.Http.SendAsync(LimitedClient.Post("/v1/chat/completions",
                """{"model":"llama3.2:3b","messages":[{"role":"user","content":"the same question"}]}""", TeamKey));
            Assert.That(openAi.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
    }

    async Task<HttpResponseMessage> SendAsync(string path, string model, string key)
    {
        var body = path == "/api/generate"
            ? $$"""{"model":"{{model}}","prompt":"hi","stream":false}"""
            : $$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}],"stream":false}""";
        var response = await _gateway.Http.SendAsync(LimitedClient.Post(path, body, key));
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    /// <summary>Waits until Prometheus holds a scrape taken after the requests sent so far.</summary>
    async Task WaitForScrapedRequestsAsync()
    {
        var scrape = new MetricsScrape(await _gateway.Http.GetStringAsync("/metrics"));
        var sent = scrape.Sum("modelgateway_requests_total") - scrape.Sum("modelgateway_requests_total", ("surface", "gateway"));
        await WaitUntilAsync(async () =>
        {
            var stored = await _prometheus.QueryAsync("sum(modelgateway_requests_total{surface!=\"gateway\"})");
            return stored.Count == 1 && double.Parse((string)stored[0]!["value"]![1]!, System.Globalization.CultureInfo.InvariantCulture) >= sent;
        }, "Prometheus to scrape the requests sent");
    }

    async Task AssertRulesEvaluateWithoutErrorAsync()
    {
        var rules = (await _prometheus.RuleGroupsAsync()).SelectMany(g => g!["rules"]!.AsArray()).Select(r => r!).ToList();
        Assert.That(rules.Select(r => (string)r["name"]!), Is.EquivalentTo(ShippedMonitoring.AlertNames()));
        Assert.That(rules.Where(r => (string?)r["health"] != "ok").Select(r => $"{r["name"]}: {r["lastError"]}"), Is.Empty);
    }

    static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(250);
        }
        Assert.Fail($"timed out waiting for {what}");
    }
}
