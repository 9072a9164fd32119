using System.Text.Json;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.OllamaSim;

/// <summary>What the reply contains: determinism by seed, num_predict, stop, format, thinking, images, logprobs.</summary>
[TestFixture]
public sealed class GenerationTests
{
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

    async Task<JsonElement> ChatAsync(string fields, string content = "Tell me about the sea", string model = "llama3.2:3b")
    {
        var r = await _client.PostAsync("/api/chat",
            $$"""{"model":"{{model}}","stream":false,"messages":[{"role":"user","content":{{JsonSerializer.Serialize(content)}}}]{{fields}}}""");
        Assert.That(r.Status, Is.EqualTo(200), r.ToString());
        return r.Json;
    }

    static string Content(JsonElement reply) => reply.GetProperty("message").GetProperty("content").GetString()!;

    [Test]
    public async Task SameRequest_GivesSameText_AndAnotherSeedOrPromptGivesAnother()
    {
        var a = Content(await ChatAsync(""","options":{"seed":1}"""));
        var b = Content(await ChatAsync(""","options":{"seed":1}"""));
        var otherSeed = Content(await ChatAsync(""","options":{"seed":2}"""));
        var otherPrompt = Content(await ChatAsync(""","options":{"seed":1}""", "Tell me about the land"));

        Assert.That(b, Is.EqualTo(a));
        Assert.That(otherSeed, Is.Not.EqualTo(a));
        Assert.That(otherPrompt, Is.Not.EqualTo(a));
    }

    [Test]
    public async Task NumPredict_CutsTheReply_WithDoneReasonLength()
    {
        var full = await ChatAsync("");
        var cut = await ChatAsync(""","options":{"num_predict":4}""");

        Assert.That(cut.GetProperty("done_reason").GetString(), Is.EqualTo("length"));
        Assert.That(cut.GetProperty("eval_count").GetInt32(), Is.EqualTo(4));
        Assert.That(Content(full), Does.StartWith(Content(cut)));
        Assert.That(Content(cut).Length, Is.LessThan(Content(full).Length));
        var roomy = await ChatAsync(""","options":{"num_predict":100}""");
        Assert.That(roomy.GetProperty("done_reason").GetString(), Is.EqualTo("stop"));
    }

    [Test]
    public async Task StopSequence_EndsTheReplyBeforeIt()
    {
        var full = Content(await ChatAsync(""));
        var word = full.Split(' ')[5];
        var stopped = await ChatAsync($$""","options":{"stop":[{{JsonSerializer.Serialize(word)}}]}""");

        Assert.That(Content(stopped), Is.EqualTo(full[..full.IndexOf(word, StringComparison.Ordinal)]));
        Assert.That(stopped.GetProperty("done_reason").GetString(), Is.EqualTo("stop"));
    }

    [Test]
    public async Task FormatJson_GivesAJsonObject_AlsoWhenStreamedInPieces()
    {
        var reply = await ChatAsync(""","format":"json" """);
        Assert.That(JsonDocument.Parse(Content(reply)).RootElement.ValueKind, Is.EqualTo(JsonValueKind.Object));

        var streamed = await _client.PostAsync("/api/chat", """{"model":"llama3.2:3b","format":"json","messages":[{"role":"user","content":"json"}]}""");
        var pieces = streamed.Lines[..^1].Select(l => l.GetProperty("message").GetProperty("content").GetString()).ToList();
        Assert.That(pieces, Has.Count.GreaterThan(3), "split in token pieces");
        Assert.That(JsonDocument.Parse(string.Concat(pieces)).RootElement.ValueKind, Is.EqualTo(JsonValueKind.Object));
    }

    [Test]
    public async Task FormatSchema_GivesAValueThatConforms()
    {
        const string schema = """
            {"type":"object","required":["age","available","status","tags","owner"],
             "properties":{"age":{"type":"integer","minimum":0},"available":{"type":"boolean"},
               "status":{"type":"string","enum":["idle","busy"]},"score":{"type":["number","null"]},
               "owner":{"$ref":"#/$defs/person"},
               "tags":{"type":"array","items":{"type":"string"},"minItems":3}},
             "$defs":{"person":{"type":"object","required":["name"],"properties":{"name":{"type":"string"}}}}}
            """;
        var reply = await ChatAsync($$""","format":{{schema}}""", "Ollama is 22 years old and busy saving the world.");
        var value = JsonDocument.Parse(Content(reply)).RootElement;

        Assert.That(value.GetProperty("age").GetInt32(), Is.EqualTo(22), "numbers come from the prompt");
        Assert.That(value.GetProperty("available").ValueKind, Is.AnyOf(JsonValueKind.True, JsonValueKind.False));
        Assert.That(value.GetProperty("status").GetString(), Is.EqualTo("busy"), "the enum value the prompt mentions");
        Assert.That(value.GetProperty("score").ValueKind, Is.EqualTo(JsonValueKind.Number));
        Assert.That(value.GetProperty("tags").GetArrayLength(), Is.EqualTo(3));
        Assert.That(value.GetProperty("tags")[0].ValueKind, Is.EqualTo(JsonValueKind.String));
        Assert.That(value.GetProperty("owner").GetProperty("name").GetString(), Is.EqualTo("Ollama"));
    }

    [TestCase("\"yaml\"", "invalid format: \"\\\"yaml\\\"\"; expected \"json\" or a valid JSON Schema object")]
    [TestCase("[1]", "invalid format: \"[1]\"; expected \"json\" or a valid JSON Schema object")]
    public async Task InvalidFormat_Is500WithTheRunnerText(string format, string message)
    {
        var r = await _client.PostAsync("/api/chat", $$"""{"model":"llama3.2:3b","format":{{format}},"messages":[{"role":"user","content":"x"}]}""");

        Assert.That(r.Status, Is.EqualTo(500));
        Assert.That(r.Error, Is.EqualTo(message));
    }

    [Test]
    public async Task ThinkingModel_StreamsThinkingBeforeContent_OnByDefault_OffWithThinkFalse()
    {
        var r = await _client.PostAsync("/api/chat", """{"model":"qwen3:8b","messages":[{"role":"user","content":"What is 17*23?"}]}""");
        var lines = r.Lines[..^1];
        var kinds = lines.Select(l => l.GetProperty("message").TryGetProperty("thinking", out _) ? "T" : "C").ToList();
        var firstContent = kinds.IndexOf("C");
        Assert.That(firstContent, Is.GreaterThan(0), "thinking comes first");
        Assert.That(kinds.Skip(firstContent), Is.All.EqualTo("C"), "then only content");
        Assert.That(lines[0].GetProperty("message").GetProperty("content").GetString(), Is.Empty);

        var off = await ChatAsync(""","think":false""", model: "qwen3:8b");
        Assert.That(off.GetProperty("message").TryGetProperty("thinking", out _), Is.False);
        var generate = await _client.PostAsync("/api/generate", """{"model":"qwen3:8b","prompt":"hi","think":"high","stream":false}""");
        Assert.That(generate.Json.GetProperty("thinking").GetString(), Is.Not.Empty);
    }

    [Test]
    public async Task ThinkOnAModelThatCannotThink_Is400()
    {
        var r = await _client.PostAsync("/api/chat", """{"model":"llama3.2:3b","think":true,"messages":[{"role":"user","content":"x"}]}""");
        Assert.That(r.Status, Is.EqualTo(400));
        Assert.That(r.Error, Is.EqualTo("\"llama3.2:3b\" does not support thinking"));
        var off = await ChatAsync(""","think":false""");
        Assert.That(Content(off), Is.Not.Empty, "think:false is accepted");
    }

    [Test]
    public async Task Images_AreCountedInTheReply_AndBadBase64IsADecoderError()
    {
        var reply = await _client.PostAsync("/api/chat",
            """{"model":"llava:7b","stream":false,"messages":[{"role":"user","content":"What is this?","images":["iVBORw0KGgo=","AAAA"]}]}""");
        Assert.That(Content(reply.Json), Does.StartWith("I see 2 images."));

        var bad = await _client.PostAsync("/api/chat", """{"model":"llava:7b","messages":[{"role":"user","content":"x","images":["iVBO*w0KGgo="]}]}""");
        Assert.That(bad.Status, Is.EqualTo(400));
        Assert.That(bad.Error, Is.EqualTo("illegal base64 data at input byte 4"));
    }

    [Test]
    public async Task Logprobs_AreIgnoredBeforeVersion0_12_11()
    {
        var reply = await ChatAsync(""","logprobs":true,"top_logprobs":2""");
        Assert.That(reply.TryGetProperty("logprobs", out _), Is.False, "the default version 0.12.10 has no logprobs");
    }
}
