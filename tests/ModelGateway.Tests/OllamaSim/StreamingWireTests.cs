using System.Text.Json;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.OllamaSim;

/// <summary>NDJSON framing, final metrics, stream:false, echo, timestamps and Go escaping of /api/chat and /api/generate.</summary>
[TestFixture]
public sealed class StreamingWireTests
{
    static readonly string[] Metrics = ["total_duration", "load_duration", "prompt_eval_count", "prompt_eval_duration", "eval_count", "eval_duration"];
    SimulatorProcess _sim = null!;
    WireClient _client = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _sim = await SimulatorProcess.StartAsync();
        _client = new WireClient(_sim.BaseUrl);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _sim.DisposeAsync();
    }

    [Test]
    public async Task Chat_StreamsOneObjectPerLine_EndingWithDoneLineCarryingAllMetrics()
    {
        var r = await _client.PostAsync("/api/chat", """{"model":"llama3.2:3b","messages":[{"role":"user","content":"Hello"}]}""");

        Assert.That(r.Status, Is.EqualTo(200), r.ToString());
        Assert.That(r.ContentType, Is.EqualTo("application/x-ndjson"));
        var lines = r.Lines;
        Assert.That(lines, Has.Count.EqualTo(13), "12 reply tokens and the done line");
        foreach (var line in lines[..^1])
        {
            Assert.That(line.GetProperty("done").GetBoolean(), Is.False);
            Assert.That(line.GetProperty("message").GetProperty("role").GetString(), Is.EqualTo("assistant"));
            Assert.That(line.GetProperty("message").GetProperty("content").GetString(), Is.Not.Empty);
            foreach (var metric in Metrics.Append("done_reason"))
                Assert.That(line.TryGetProperty(metric, out _), Is.False, $"non-final line carries {metric}: {line}");
        }
        var final = lines[^1];
        Assert.That(final.GetProperty("done").GetBoolean(), Is.True);
        Assert.That(final.GetProperty("done_reason").GetString(), Is.EqualTo("stop"));
        Assert.That(final.GetProperty("message").GetProperty("content").GetString(), Is.Empty);
        foreach (var metric in Metrics)
            Assert.That(final.GetProperty(metric).GetInt64(), Is.GreaterThan(0), metric);
        Assert.That(final.GetProperty("eval_count").GetInt32(), Is.EqualTo(12));
        Assert.That(final.GetProperty("total_duration").GetInt64(),
            Is.GreaterThanOrEqualTo(final.GetProperty("eval_duration").GetInt64() + final.GetProperty("prompt_eval_duration").GetInt64()));
    }

    [Test]
    public async Task Chat_StreamFalse_IsOneJsonObjectWithTheWholeText()
    {
        const string request = """{"model":"llama3.2:3b","messages":[{"role":"user","content":"Tell me a story"}]""";
        var streamed = await _client.PostAsync("/api/chat", request + "}");
        var whole = await _client.PostAsync("/api/chat", request + ""","stream":false}""");

        Assert.That(whole.ContentType, Is.EqualTo("application/json; charset=utf-8"));
        Assert.That(whole.Body, Does.Not.Contain("\n"), "one object, no trailing newline");
        var json = whole.Json;
        Assert.That(json.GetProperty("done").GetBoolean(), Is.True);
        Assert.That(json.GetProperty("done_reason").GetString(), Is.EqualTo("stop"));
        var text = string.Concat(streamed.Lines.Select(l => l.GetProperty("message").GetProperty("content").GetString()));
        Assert.That(json.GetProperty("message").GetProperty("content").GetString(), Is.EqualTo(text));
        foreach (var metric in Metrics) Assert.That(json.GetProperty(metric).GetInt64(), Is.GreaterThan(0), metric);
    }

    [Test]
    public async Task Model_IsEchoedAsRequested_WhileNamesResolveCaseInsensitivelyWithLatest()
    {
        var exact = await _client.PostAsync("/api/chat", """{"model":"LLAMA3.2:3B","stream":false,"messages":[{"role":"user","content":"hi"}]}""");
        var implicitTag = await _client.PostAsync("/api/generate", """{"model":"All-MiniLM","prompt":"hi"}""");

        Assert.That(exact.Json.GetProperty("model").GetString(), Is.EqualTo("LLAMA3.2:3B"));
        Assert.That(implicitTag.Error, Is.EqualTo("\"All-MiniLM\" does not support generate"), "all-minilm resolves to all-minilm:latest (an embedding model)");
    }

    [Test]
    public async Task Generate_StreamsResponsePieces_AndTheFinalObjectHasContext()
    {
        var r = await _client.PostAsync("/api/generate", """{"model":"llama3.2:3b","prompt":"Why is the sky blue?"}""");

        var lines = r.Lines;
        Assert.That(lines[0].GetProperty("response").GetString(), Is.Not.Empty);
        Assert.That(lines[0].TryGetProperty("context", out _), Is.False);
        var final = lines[^1];
        Assert.That(final.GetProperty("done").GetBoolean(), Is.True);
        Assert.That(final.GetProperty("response").GetString(), Is.Empty);
        Assert.That(final.GetProperty("context").GetArrayLength(), Is.GreaterThan(0));
        var raw = await _client.PostAsync("/api/generate", """{"model":"llama3.2:3b","prompt":"hi","raw":true,"stream":false}""");
        Assert.That(raw.Json.TryGetProperty("context", out _), Is.False, "raw requests get no context");
    }

    [Test]
    public async Task CreatedAt_IsRfc3339InUtcWithTrimmedFraction()
    {
        var r = await _client.PostAsync("/api/chat", """{"model":"llama3.2:3b","messages":[{"role":"user","content":"hi"}]}""");

        foreach (var line in r.Lines)
        {
            var createdAt = line.GetProperty("created_at").GetString()!;
            Assert.That(createdAt, Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d*[1-9])?Z$"));
            Assert.That(DateTimeOffset.Parse(createdAt), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
        }
    }

    [Test]
    public async Task Strings_AreEscapedLikeGo()
    {
        // A tool result is quoted in the reply, so its characters reach the output.
        var r = await _client.PostAsync("/api/chat",
            """{"model":"llama3.2:3b","stream":false,"messages":[{"role":"user","content":"go"},{"role":"tool","content":"a<b & c>d é"}]}""");

        Assert.That(r.Body, Does.Contain(@"a\u003cb \u0026 c\u003ed é"));
        Assert.That(r.Json.GetProperty("message").GetProperty("content").GetString(), Does.Contain("a<b & c>d é"));
    }

    [Test]
    public async Task EmptyMessages_LoadTheModel_AndKeepAliveZeroUnloadsIt()
    {
        var load = await _client.PostAsync("/api/chat", """{"model":"llava:7b","messages":[]}""");
        Assert.That(load.ContentType, Is.EqualTo("application/json; charset=utf-8"), "one object even though streaming is the default");
        Assert.That(load.Json.GetProperty("done_reason").GetString(), Is.EqualTo("load"));
        Assert.That(await LoadedAsync(), Does.Contain("llava:7b"));

        var unload = await _client.PostAsync("/api/generate", """{"model":"llava:7b","keep_alive":0}""");
        Assert.That(unload.Json.GetProperty("done_reason").GetString(), Is.EqualTo("unload"));
        Assert.That(unload.Json.GetProperty("response").GetString(), Is.Empty);
        Assert.That(await LoadedAsync(), Does.Not.Contain("llava:7b"));
    }

    async Task<List<string>> LoadedAsync()
    {
        var ps = await _client.GetAsync("/api/ps");
        return ps.Json.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("name").GetString()!).ToList();
    }
}
