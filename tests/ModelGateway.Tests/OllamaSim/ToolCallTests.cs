using System.Text.Json;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.OllamaSim;

/// <summary>Tool calls: when they happen, their shape on current and old versions, and answers to tool results.</summary>
[TestFixture]
public sealed class ToolCallTests
{
    const string Tools = """
        [{"type":"function","function":{"name":"get_weather","description":"Get the current weather in a city",
          "parameters":{"type":"object","required":["city","unit"],"properties":{"city":{"type":"string"},"unit":{"type":"string","enum":["celsius","fahrenheit"]},"days":{"type":"integer"}}}}},
         {"type":"function","function":{"name":"get_time","description":"Current time in a timezone",
          "parameters":{"type":"object","required":["tz"],"properties":{"tz":{"type":"string"}}}}}]
        """;

    SimulatorProcess _sim = null!;
    WireClient _client = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _sim = await SimulatorProcess.StartAsync("--models", "llama3.2:3b,gemma3:4b=completion|vision");
        _client = new WireClient(_sim.BaseUrl);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _sim.DisposeAsync();
    }

    static string Chat(string content, bool stream) =>
        $$"""{"model":"llama3.2:3b","stream":{{(stream ? "true" : "false")}},"tools":{{Tools}},"messages":[{"role":"user","content":{{JsonSerializer.Serialize(content)}}}]}""";

    [Test]
    public async Task NamingATool_StreamsOneToolCallLineThenTheDoneLine()
    {
        var r = await _client.PostAsync("/api/chat", Chat("Use get_weather: is it warm in Paris, in fahrenheit?", stream: true));

        var lines = r.Lines;
        Assert.That(lines, Has.Count.EqualTo(2), r.Body);
        var message = lines[0].GetProperty("message");
        Assert.That(message.GetProperty("content").GetString(), Is.Empty);
        var call = message.GetProperty("tool_calls").EnumerateArray().Single();
        Assert.That(call.GetProperty("id").GetString(), Does.Match("^call_[a-z0-9]{8}$"));
        var function = call.GetProperty("function");
        Assert.That(function.GetProperty("index").GetInt32(), Is.EqualTo(0));
        Assert.That(function.GetProperty("name").GetString(), Is.EqualTo("get_weather"));
        var args = function.GetProperty("arguments");
        Assert.That(args.ValueKind, Is.EqualTo(JsonValueKind.Object), "arguments are an object, not a string");
        Assert.That(args.GetProperty("city").GetString(), Is.EqualTo("Paris"));
        Assert.That(args.GetProperty("unit").GetString(), Is.EqualTo("fahrenheit"));
        Assert.That(args.TryGetProperty("days", out _), Is.False, "only required properties");
        Assert.That(lines[1].GetProperty("done_reason").GetString(), Is.EqualTo("stop"));
    }

    [Test]
    public async Task NamingTwoTools_CallsBoth_WithIndicesAndDistinctIds()
    {
        var r = await _client.PostAsync("/api/chat", Chat("Call get_weather for Rome and get_time for Europe/Rome", stream: false));

        var calls = r.Json.GetProperty("message").GetProperty("tool_calls").EnumerateArray().ToList();
        Assert.That(calls.Select(c => c.GetProperty("function").GetProperty("name").GetString()), Is.EqualTo(new[] { "get_weather", "get_time" }));
        Assert.That(calls.Select(c => c.GetProperty("function").GetProperty("index").GetInt32()), Is.EqualTo(new[] { 0, 1 }));
        Assert.That(calls[0].GetProperty("id").GetString(), Is.Not.EqualTo(calls[1].GetProperty("id").GetString()));
    }

    [Test]
    public async Task AKeywordOfTheDescription_AlsoTriggersACall_ButUnrelatedTextDoesNot()
    {
        var byKeyword = await _client.PostAsync("/api/chat", Chat("What's the weather like in Oslo?", stream: false));
        var unrelated = await _client.PostAsync("/api/chat", Chat("Write a poem about cats", stream: false));

        var call = byKeyword.Json.GetProperty("message").GetProperty("tool_calls")[0].GetProperty("function");
        Assert.That(call.GetProperty("name").GetString(), Is.EqualTo("get_weather"));
        Assert.That(call.GetProperty("arguments").GetProperty("city").GetString(), Is.EqualTo("Oslo"));
        Assert.That(unrelated.Json.GetProperty("message").TryGetProperty("tool_calls", out _), Is.False);
        Assert.That(unrelated.Json.GetProperty("message").GetProperty("content").GetString(), Is.Not.Empty);
    }

    [Test]
    public async Task AfterAToolResult_TheReplyQuotesIt()
    {
        var r = await _client.PostAsync("/api/chat", $$$$"""
            {"model":"llama3.2:3b","stream":false,"tools":{{{{Tools}}}},"messages":[
              {"role":"user","content":"weather in Toronto?"},
              {"role":"assistant","content":"","tool_calls":[{"id":"call_k3xq9a2b","function":{"name":"get_weather","arguments":{"city":"Toronto"}}}]},
              {"role":"tool","content":"11 degrees celsius","tool_name":"get_weather","tool_call_id":"call_k3xq9a2b"}]}
            """);

        Assert.That(r.Json.GetProperty("message").TryGetProperty("tool_calls", out _), Is.False);
        Assert.That(r.Json.GetProperty("message").GetProperty("content").GetString(), Does.Contain("get_weather returned \"11 degrees celsius\""));
    }

    [Test]
    public async Task ToolsForAModelWithoutToolSupport_Is400WithTheFullName()
    {
        var r = await _client.PostAsync("/api/chat",
            $$"""{"model":"gemma3:4b","tools":{{Tools}},"messages":[{"role":"user","content":"get_weather"}]}""");

        Assert.That(r.Status, Is.EqualTo(400));
        Assert.That(r.Error, Is.EqualTo("registry.ollama.ai/library/gemma3:4b does not support tools"));
    }

    [TestCase("0.12.5", false, false)]
    [TestCase("0.12.9", false, true)]
    public async Task OlderVersions_OmitTheIdAndTheFirstIndex(string version, bool hasId, bool hasIndexZero)
    {
        await using var old = await SimulatorProcess.StartAsync("--version", version, "--models", "llama3.2:3b");
        using var client = new WireClient(old.BaseUrl);

        var r = await client.PostAsync("/api/chat", Chat("Call get_weather for Rome and get_time for Europe/Rome", stream: false));

        var calls = r.Json.GetProperty("message").GetProperty("tool_calls").EnumerateArray().ToList();
        Assert.That(calls.All(c => c.TryGetProperty("id", out _)), Is.EqualTo(hasId));
        Assert.That(calls[0].GetProperty("function").TryGetProperty("index", out _), Is.EqualTo(hasIndexZero));
        Assert.That(calls[1].GetProperty("function").GetProperty("index").GetInt32(), Is.EqualTo(1));
    }
}
