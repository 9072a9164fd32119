using System.Diagnostics;
using ModelGateway.Tests.Diagnostics;
using ModelGateway.Tests.Fixtures;
using static ModelGateway.Tests.Soak.SoakFleet;

namespace ModelGateway.Tests.Soak;

/// <summary>
/// Rounds of every kind of traffic at once (both surfaces, streamed and not, embeddings, cache hits, fallbacks,
/// budgets, bad requests, clients that leave mid-stream and mid-queue) against a fleet that fails, hangs, drops,
/// crashes, loses Redis (restarted, then hung) and has its file edited, with quiet phases in between. Whatever a request holds (a worker
/// slot, a queue entry, a connection, a descriptor, a timer, memory) must be given back: a leak of one per request is
/// what stops a gateway after weeks. The tolerances below are far above round-to-round noise and far below what
/// a per-request leak over a round's ~2,000 requests would add. bench/soak.sh runs the same test for longer.
/// </summary>
[NonParallelizable]
public class SoakTests
{
    /// <summary>Longer than any timeout of the soak fleet (queue 2 s, headers 2 s × 2 attempts, idle 2 s): a gateway not at rest by then holds something for good.</summary>
    static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(20);

    // Growth allowed from the end of the first round (everything warmed up) to the end of the last.
    const int DescriptorTolerance = 24;   // pooled idle connections to workers vary with each round's peak (Capacity ≤ 16 in all)
    const int ThreadTolerance = 16;       // the thread pool may keep threads it added under load for a while
    const int TimerTolerance = 64;        // pooled connections and caches keep a few timers each
    const long HeapToleranceBytes = 16L * 1024 * 1024; // plus half the first round's heap: garbage a collection has not reached yet
    const int RestingConnections = 2;     // the test's own scrape connection and the fixture's client
    const int MaxWorkerConnections = 40;  // idle pooled connections: at most the Capacities (16) plus probes and inventory polls

    [Test]
    public async Task MixedTrafficWithFaultsAndRestarts_LeavesNoSlotQueueEntryConnectionDescriptorThreadOrMemoryBehind()
    {
        var settings = SoakSettings.FromEnvironment();
        await RunAsync(settings).WaitAsync(settings.Duration + TimeSpan.FromMinutes(5));
    }

    static async Task RunAsync(SoakSettings settings)
    {
        await using var fleet = await SoakFleet.StartAsync();
        var gateway = fleet.Gateway;
        using var scraper = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var before = await GatewayVitals.ScrapeAsync(gateway, scraper);
        var total = new SoakTally();
        var clock = Stopwatch.StartNew();
        var findings = new List<string>();
        await using (var recorder = new SoakRecorder(gateway, scraper, settings))
        {
            try
            {
                for (var round = 1; round <= settings.MinRounds || clock.Elapsed + settings.RoundLength <= settings.Duration; round++)
                {
                    var traffic = new SoakTraffic(gateway.BaseUrl).RunAsync(settings.RoundLength);
                    await fleet.RunIncidentsAsync(settings.RoundLength);
                    var tally = await traffic;
                    total.AddAll(tally);
                    var quiet = await SettleAsync(fleet, scraper, round);
                    recorder.Rounds.Add((round, quiet, tally));
                    TestContext.Progress.WriteLine($"soak round {round} ({clock.Elapsed:mm\\:ss}): {tally.Sent} requests; {tally}\n  at rest: {quiet}");
                }
            }
            catch (Exception ex)
            {
                // A gateway that never came back to rest: the report says so too.
                await recorder.WriteReportAsync(total, clock.Elapsed, [ex.Message]);
                throw;
            }

            var first = recorder.Rounds[0].Quiet;
            var last = recorder.Rounds[^1].Quiet;
            Check(findings, total.Failures == 0,
                $"{total.Failures} accepted requests hung or got an improper answer: {string.Join("\n  ", total.Problems)}");
            Check(findings, last.FileDescriptors <= first.FileDescriptors + DescriptorTolerance,
                $"open file descriptors grew from {first.FileDescriptors} to {last.FileDescriptors} (sockets {first.Sockets} → {last.Sockets}); allowed +{DescriptorTolerance}");
            Check(findings, last.Threads <= first.Threads + ThreadTolerance,
                $"threads grew from {first.Threads} to {last.Threads}; allowed +{ThreadTolerance}");
            Check(findings, last.Timers <= first.Timers + TimerTolerance,
                $"active timers grew from {first.Timers} to {last.Timers}; allowed +{TimerTolerance}");
            var heapAllowed = HeapToleranceBytes + first.HeapBytes / 2;
            Check(findings, last.HeapBytes <= first.HeapBytes + heapAllowed,
                $"managed heap after the rounds grew from {GatewayVitals.Mb(first.HeapBytes)} MB to {GatewayVitals.Mb(last.HeapBytes)} MB; allowed +{GatewayVitals.Mb(heapAllowed)} MB");

            // No request got lost inside the gateway: every one the gateway answered is counted, and it counted no more than were sent.
            var after = await GatewayVitals.ScrapeAsync(gateway, scraper);
            var counted = Served(after) - Served(before);
            Check(findings, counted >= total.Answered && counted <= total.Sent,
                $"the gateway counted {counted} requests; the clients sent {total.Sent}, of which {total.Answered} were answered");

            await CheckCapacityOneWorkerAdmitsAsync(fleet, scraper, findings);
            await recorder.WriteReportAsync(total, clock.Elapsed, findings);
        }

        TestContext.Progress.WriteLine($"soak total: {total.Sent} requests in {clock.Elapsed:mm\\:ss}; {total}");
        Assert.That(findings, Is.Empty, "the soak found:\n" + string.Join("\n", findings));
        AssertEveryPathRan(total, await GatewayVitals.ScrapeAsync(gateway, scraper), fleet);
    }

    static void Check(List<string> findings, bool holds, string finding)
    {
        if (!holds) findings.Add(finding);
    }

    static double Served(MetricsScrape scrape)
        => scrape.Find("modelgateway_requests_total").Where(s => s.Labels.GetValueOrDefault("surface") is "openai" or "ollama").Sum(s => s.Value);

    /// <summary>
    /// Waits until every worker's in-flight count and every queue is back to 0, no request is active, the clients'
    /// connections are closed, no connection to a worker carries a request and the pool holds no more than it can use,
    /// the gateway is back on Redis with nothing waiting there, and no worker still runs a request; then reads the vitals several times and keeps the
    /// lowest of each, so a collection or a connection closing mid-read does not count as growth.
    /// </summary>
    static async Task<GatewayVitals> SettleAsync(SoakFleet fleet, HttpClient scraper, int round)
    {
        var deadline = DateTime.UtcNow + SettleLimit;
        while (true)
        {
            var scrape = await GatewayVitals.ScrapeAsync(fleet.Gateway, scraper);
            var busy = new List<string>();
            busy.AddRange(scrape.Find("modelgateway_worker_in_flight").Where(s => s.Value != 0).Select(s => $"worker {s.Labels["worker"]} in flight {s.Value}"));
            busy.AddRange(scrape.Find("modelgateway_cluster_queue_length").Where(s => s.Value != 0).Select(s => $"cluster {s.Labels["cluster"]} queue {s.Value}"));
            // The scrape itself is the one active request allowed.
            if (scrape.Sum("http_server_active_requests") > 1) busy.Add($"active requests {scrape.Sum("http_server_active_requests")}");
            if (scrape.Sum("kestrel_active_connections") > RestingConnections) busy.Add($"open client connections {scrape.Sum("kestrel_active_connections")}");
            var carrying = scrape.Sum("http_client_open_connections", ("http_connection_state", "active"));
            if (carrying != 0) busy.Add($"connections to workers still carrying a request {carrying}");
            var pooled = scrape.Sum("http_client_open_connections");
            if (pooled > MaxWorkerConnections) busy.Add($"connections to workers {pooled}");
            // Redis was restarted and hung this round: the gateway must be back on it, with no command left waiting.
            if (scrape.Sum("modelgateway_redis_connected") != 1) busy.Add("not connected to Redis");
            if (scrape.Sum("modelgateway_redis_stalled") != 0) busy.Add("Redis commands still waiting for a reply");
            foreach (var worker in fleet.Workers)
            {
                var stats = await worker.GetStatsAsync();
                if (stats.InFlight != 0) busy.Add($"simulator {stats.Name} still runs {stats.InFlight} requests");
            }
            if (busy.Count == 0) break;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"round {round}: {SettleLimit.TotalSeconds} s after the last client request ended, the gateway still holds: {string.Join("; ", busy)}\n" +
                            $"gateway output (tail):\n{Tail(fleet.Gateway.Process.Output)}");
            await Task.Delay(250);
        }

        var reads = new List<GatewayVitals>();
        for (var i = 0; i < 6; i++)
        {
            reads.Add(await GatewayVitals.ReadAsync(fleet.Gateway, scraper));
            await Task.Delay(300);
        }
        return reads[^1] with
        {
            RssBytes = reads.Min(r => r.RssBytes),
            FileDescriptors = reads.Min(r => r.FileDescriptors),
            Sockets = reads.Min(r => r.Sockets),
            Threads = reads.Min(r => r.Threads),
            HeapBytes = reads.Min(r => r.HeapBytes),
            Timers = reads.Min(r => r.Timers),
        };
    }

    /// <summary>
    /// The Capacity-1 worker, restarted under load every round, still takes requests one at a time: had any path kept
    /// its one slot, every request would wait out the queue and get 503.
    /// </summary>
    static async Task CheckCapacityOneWorkerAdmitsAsync(SoakFleet fleet, HttpClient scraper, List<string> findings)
    {
        await fleet.Solo.ResetAsync(); // no injected drop in this check
        await fleet.Gateway.WaitUntilAsync(async () =>
            (await GatewayVitals.ScrapeAsync(fleet.Gateway, scraper)).Sum("modelgateway_cluster_healthy_workers", ("cluster", "solo")) == 1,
            TimeSpan.FromSeconds(15), "the Capacity-1 worker back in rotation");
        using var http = new HttpClient { Timeout = SoakCall.HangLimit };
        foreach (var batch in new[] { 2, 1, 1 })
        {
            // Two at once: the second waits in the queue and must be admitted when the first ends.
            var results = await Task.WhenAll(Enumerable.Range(0, batch).Select(_ =>
                new SoakCall("/api/generate", SoakBodies.ApiGenerate(SoloModel, stream: false), MainKey, SoakReply.Json).RunAsync(http, fleet.Gateway.BaseUrl)));
            foreach (var (outcome, detail) in results)
                Check(findings, outcome == SoakOutcome.Ok, $"after the soak the Capacity-1 worker answered {outcome} {detail} instead of 200 (a slot or queue entry left behind?)");
        }
    }

    /// <summary>The soak proves nothing about a path it never took: each kind of end, fault and incident happened.</summary>
    static void AssertEveryPathRan(SoakTally total, MetricsScrape scrape, SoakFleet fleet)
    {
        Assert.Multiple(() =>
        {
            foreach (var outcome in new[]
                     {
                         SoakOutcome.Ok, SoakOutcome.Cached, SoakOutcome.FellBack, SoakOutcome.LeftMidStream, SoakOutcome.LeftEarly,
                         SoakOutcome.Error(400), SoakOutcome.Error(401), SoakOutcome.Error(403), SoakOutcome.Error(404),
                         SoakOutcome.Error(413), SoakOutcome.Error(429), SoakOutcome.Error(503),
                     })
                Assert.That(total[outcome], Is.GreaterThan(0), $"no request ended {outcome}: {total}");
            foreach (var reason in new[] { "unreachable", "timeout", "worker_error" })
                Assert.That(scrape.Sum("modelgateway_worker_failovers_total", ("reason", reason)), Is.GreaterThan(0), $"no failover for {reason}");
            Assert.That(scrape.Sum("modelgateway_config_reloads_total", ("result", "applied")), Is.GreaterThanOrEqualTo(1), "no fleet-file edit was applied");
            Assert.That(scrape.Sum("modelgateway_redis_disconnections_total"), Is.GreaterThanOrEqualTo(1), "the gateway never lost Redis");
            Assert.That(scrape.Sum("modelgateway_ratelimit_rejected_total", ("kind", "tokens")), Is.GreaterThan(0), "no request was refused for tokens");
        });
    }

    static string Tail(string output) => output.Length <= 4000 ? output : output[^4000..];
}
