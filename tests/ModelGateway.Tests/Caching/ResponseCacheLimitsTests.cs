using System.Text.Json.Nodes;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Caching;

/// <summary>Expiry, the entry size limit and broken streams, on a gateway with a 1 s TTL and 1 KiB entries.</summary>
[NonParallelizable]
public class ResponseCacheLimitsTests
{
    SimulatorProcess _sim = null!;
    GatewayProcess _gateway = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        // Tokens come 50 ms apart so a stream can be broken while it runs; quick tests cap replies with num_predict.
        _sim = await SimulatorProcess.StartAsync("--models", $"{CacheFleet.ChatModel},{CacheFleet.EmbedModel}=embedding", "--preload", "*",
            "--token-ms", "50", "--reply-tokens", "40", "--quiet");
        _gateway = await CacheFleet.StartGatewayAsync(_sim, ("ResponseCache:Ttl", "00:00:01"), ("ResponseCache:MaxEntryBytes", 1024));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        if (_sim is not null) await _sim.DisposeAsync();
    }

    const string Short = """{"temperature":0,"num_predict":3}""";

    [Test]
    public async Task StoredReply_ExpiresAfterTheTtl()
    {
        var body = CacheFleet.Chat("expiring", options: Short);
        var first = await _gateway.PostAsync("/api/chat", body);
        var second = await _gateway.PostAsync("/api/chat", body);
        await Task.Delay(TimeSpan.FromMilliseconds(1500));
        var afterTtl = await _gateway.PostAsync("/api/chat", body);

        Assert.That((first.Status, second.Status, afterTtl.Status), Is.EqualTo((200, 200, 200)), first.Body);
        Assert.That((first.Cache, second.Cache, afterTtl.Cache), Is.EqualTo(("MISS", "HIT", "MISS")));
        Assert.That(afterTtl.Worker, Is.EqualTo("sim"));
    }

    [Test]
    public async Task ReplyLargerThanMaxEntryBytes_IsNotStored()
    {
        // 384 floats: several KiB of JSON.
        const string embed = """{"model":"nomic-embed-text","input":"too big to keep"}""";
        var first = await _gateway.PostAsync("/api/embed", embed);
        var second = await _gateway.PostAsync("/api/embed", embed);

        Assert.That(first.Body.Length, Is.GreaterThan(1024));
        Assert.That((first.Status, second.Status), Is.EqualTo((200, 200)), first.Body);
        Assert.That((first.Cache, second.Cache), Is.EqualTo(("MISS", "MISS")));
    }

    [Test]
    public async Task StreamGrowingPastMaxEntryBytes_IsRelayedWholeButNotStored()
    {
        var body = CacheFleet.Chat("long stream", stream: true, options: """{"temperature":0,"num_predict":20}""");
        var first = await _gateway.PostAsync("/api/chat", body);
        var second = await _gateway.PostAsync("/api/chat", body);

        Assert.That(first.Body.Length, Is.GreaterThan(1024));
        Assert.That((bool?)JsonNode.Parse(first.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1])!["done"], Is.True, "the client still gets the whole stream");
        Assert.That((first.Cache, second.Cache), Is.EqualTo(("MISS", "MISS")));
    }

    [Test]
    public async Task StreamBrokenMidway_IsNotStored()
    {
        var body = CacheFleet.Chat("broken stream", stream: true);
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat") { Content = new StringContent(body) })
        using (var response = await _gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200));
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            Assert.That(await reader.ReadLineAsync(), Does.Contain("\"done\":false"));
            // The worker dies while the reply streams.
            _sim.Kill();
            var rest = await reader.ReadToEndAsync();
            Assert.That(rest, Does.Contain("\"error\""), "the client is told the stream broke");
        }
        await _sim.RestartAsync();
        await _gateway.WaitUntilServingAsync();

        var again = await _gateway.PostAsync("/api/chat", body, ("Cache-Control", "only-if-cached"));

        Assert.That(again.Status, Is.EqualTo(504), "the broken stream must not have been stored");
    }
}
