using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.OllamaSim;

/// <summary>The error catalogue of ollama-api.md §17: statuses, exact texts, content types, 404/405 pages.</summary>
[TestFixture]
public sealed class ErrorTests
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

    [TestCase("/api/chat", "", 400, "missing request body")]
    [TestCase("/api/generate", "  ", 400, "missing request body")]
    [TestCase("/api/show", "", 400, "missing request body")]
    [TestCase("/api/chat", """{"model":""", 400, "unexpected EOF")]
    [TestCase("/api/chat", "{\"model\": x}", 400, "invalid character 'x' looking for beginning of value")]
    [TestCase("/api/chat", "{x}", 400, "invalid character 'x' looking for beginning of object key string")]
    [TestCase("/api/chat", "[1]", 400, "json: cannot unmarshal array into Go value of type api.ChatRequest")]
    [TestCase("/api/chat", """{"model":"llama3.2:3b","messages":5}""", 400, "json: cannot unmarshal number into Go struct field ChatRequest.messages of type []api.Message")]
    [TestCase("/api/chat", """{"model":"llama3.2:3b","messages":[{"role":"user","content":7}]}""", 400, "json: cannot unmarshal number into Go struct field ChatRequest.messages.content of type string")]
    [TestCase("/api/generate", """{"model":"llama3.2:3b","stream":"yes"}""", 400, "json: cannot unmarshal string into Go struct field GenerateRequest.stream of type bool")]
    [TestCase("/api/chat", """{"model":"llama3.2:3b","keep_alive":"10"}""", 400, "time: missing unit in duration \"10\"")]
    [TestCase("/api/chat", """{"model":"llama3.2:3b","think":"hard"}""", 400, "invalid think value: \"hard\" (must be \"high\", \"medium\", \"low\", true, or false)")]
    [TestCase("/api/chat", """{"messages":[]}""", 400, "model is required")]
    [TestCase("/api/generate", """{"prompt":"x"}""", 404, "model '' not found")]
    [TestCase("/api/chat", """{"model":"bad name!"}""", 400, "invalid model name")]
    [TestCase("/api/chat", """{"model":"Nope","messages":[{"role":"user","content":"x"}]}""", 404, "model 'Nope' not found")]
    [TestCase("/api/generate", """{"model":"nope","prompt":"x"}""", 404, "model 'nope' not found")]
    [TestCase("/api/show", """{"model":"nope"}""", 404, "model 'nope:latest' not found")]
    [TestCase("/api/show", """{}""", 400, "model is required")]
    [TestCase("/api/generate", """{"model":"llama3.2:3b","prompt":"x","raw":true,"system":"s"}""", 400, "raw mode does not support template, system, or context")]
    [TestCase("/api/generate", """{"model":"llama3.2:3b","prompt":"x","suffix":"y"}""", 400, "registry.ollama.ai/library/llama3.2:3b does not support insert")]
    [TestCase("/api/chat", """{"model":"llama3.2:3b","messages":[{"role":"user","content":"x"}],"options":{"stop":"x"}}""", 500, "option \"stop\" must be of type array")]
    [TestCase("/api/chat", """{"model":"llama3.2:3b","messages":[{"role":"user","content":"x"}],"options":{"temperature":"hot"}}""", 500, "option \"temperature\" must be of type float32")]
    [TestCase("/api/generate", """{"model":"llama3.2:3b","prompt":"x","options":{"num_predict":true}}""", 500, "option \"num_predict\" must be of type integer")]
    [TestCase("/api/chat", """{"model":"llama3.2:3b","messages":[{"role":"user","content":"x"}],"options":{"stop":[1]}}""", 500, "option \"stop\" must be of an array of strings")]
    [TestCase("/api/delete", """{"name":"nope"}""", 404, "model 'nope' not found")]
    [TestCase("/api/copy", """{"source":"nope","destination":"x"}""", 404, "model \"nope\" not found")]
    [TestCase("/api/copy", """{"source":"llama3.2:3b","destination":"bad name"}""", 400, "destination \"bad name\" is invalid")]
    [TestCase("/api/pull", """{"name":"bad name"}""", 400, "invalid model name")]
    public async Task Error_HasTheExactStatusAndText(string path, string body, int status, string message)
    {
        var method = path == "/api/delete" ? HttpMethod.Delete : HttpMethod.Post;
        var r = await _client.SendAsync(method, path, body);

        Assert.That(r.Status, Is.EqualTo(status), r.ToString());
        Assert.That(r.ContentType, Does.StartWith("application/json"));
        Assert.That(r.Body, Does.StartWith("{\"error\":"));
        Assert.That(r.Error, Is.EqualTo(message));
    }

    [Test]
    public async Task UnknownOptionKeys_AreIgnored()
    {
        var r = await _client.PostAsync("/api/chat",
            """{"model":"llama3.2:3b","stream":false,"messages":[{"role":"user","content":"x"}],"options":{"mirostat":1,"whatever":"x","num_ctx":2048.7}}""");
        Assert.That(r.Status, Is.EqualTo(200), r.ToString());
    }

    [Test]
    public async Task UnknownPath_Is404PageNotFound_AndWrongMethodIs405()
    {
        var missing = await _client.GetAsync("/api/nothing");
        Assert.That(missing.Status, Is.EqualTo(404));
        Assert.That(missing.Body, Is.EqualTo("404 page not found"));
        Assert.That(missing.ContentType, Does.StartWith("text/plain"));

        var wrong = await _client.GetAsync("/api/chat");
        Assert.That(wrong.Status, Is.EqualTo(405));
        Assert.That(wrong.Body, Is.EqualTo("405 method not allowed"));
        var wrongDelete = await _client.PostAsync("/api/delete", "{}");
        Assert.That(wrongDelete.Status, Is.EqualTo(405));
    }

    [Test]
    public async Task AForeignHostHeader_IsRejectedWith403_OnALoopbackListener()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/version");
        request.Headers.Host = "evil.example.com";
        using var response = await _client.Http.SendAsync(request);
        Assert.That((int)response.StatusCode, Is.EqualTo(403));

        using var local = new HttpRequestMessage(HttpMethod.Get, "/api/version");
        local.Headers.Host = "localhost:11434";
        using var ok = await _client.Http.SendAsync(local);
        Assert.That((int)ok.StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task TopLogprobsOutOfRange_Is400_FromVersion0_12_11()
    {
        await using var sim = await SimulatorProcess.StartAsync("--version", "0.12.11", "--models", "llama3.2:3b");
        using var client = new WireClient(sim.BaseUrl);

        var r = await client.PostAsync("/api/chat", """{"model":"llama3.2:3b","top_logprobs":21,"messages":[{"role":"user","content":"x"}]}""");
        Assert.That(r.Status, Is.EqualTo(400));
        Assert.That(r.Error, Is.EqualTo("top_logprobs must be between 0 and 20"));

        var ok = await client.PostAsync("/api/chat", """{"model":"llama3.2:3b","logprobs":true,"top_logprobs":2,"messages":[{"role":"user","content":"x"}]}""");
        var lines = ok.Lines;
        var logprob = lines[0].GetProperty("logprobs")[0];
        Assert.That(logprob.GetProperty("token").GetString(), Is.EqualTo(lines[0].GetProperty("message").GetProperty("content").GetString()));
        Assert.That(logprob.GetProperty("logprob").GetDouble(), Is.LessThan(0));
        Assert.That(logprob.GetProperty("top_logprobs").GetArrayLength(), Is.EqualTo(2));
        Assert.That(lines[^1].TryGetProperty("logprobs", out _), Is.False);
    }
}
