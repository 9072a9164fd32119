using System.Text.Json;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.OllamaSim;

/// <summary>/api/embed and the legacy /api/embeddings.</summary>
[TestFixture]
public sealed class EmbeddingTests
{
    SimulatorProcess _sim = null!;
    WireClient _client = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _sim = await SimulatorProcess.StartAsync("--embedding-dim", "64");
        _client = new WireClient(_sim.BaseUrl);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _sim.DisposeAsync();
    }

    static float[] Vector(JsonElement v) => v.EnumerateArray().Select(x => x.GetSingle()).ToArray();

    static double Norm(float[] v) => Math.Sqrt(v.Sum(x => (double)x * x));

    static double Cosine(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum() / Norm(a) / Norm(b);

    [Test]
    public async Task Embed_ReturnsOneNormalisedVectorPerInput_DeterministicAndSimilarForSharedWords()
    {
        var r = await _client.PostAsync("/api/embed",
            """{"model":"all-minilm","input":["the cat sat on the mat","the cat sat on a chair","stock markets fell sharply"]}""");

        Assert.That(r.Status, Is.EqualTo(200), r.ToString());
        var json = r.Json;
        Assert.That(json.GetProperty("model").GetString(), Is.EqualTo("all-minilm"));
        var vectors = json.GetProperty("embeddings").EnumerateArray().Select(Vector).ToList();
        Assert.That(vectors, Has.Count.EqualTo(3));
        Assert.That(vectors.Select(v => v.Length), Is.All.EqualTo(64));
        Assert.That(vectors.Select(Norm), Is.All.EqualTo(1.0).Within(1e-5));
        Assert.That(Cosine(vectors[0], vectors[1]), Is.GreaterThan(Cosine(vectors[0], vectors[2])), "shared words, closer vectors");
        Assert.That(json.GetProperty("prompt_eval_count").GetInt32(), Is.GreaterThan(0));
        Assert.That(json.GetProperty("total_duration").GetInt64(), Is.GreaterThan(0));

        var again = await _client.PostAsync("/api/embed", """{"model":"all-minilm:latest","input":"the cat sat on the mat"}""");
        Assert.That(Vector(again.Json.GetProperty("embeddings")[0]), Is.EqualTo(vectors[0]));
    }

    [Test]
    public async Task Dimensions_KeepsTheFirstNAndRenormalises()
    {
        var r = await _client.PostAsync("/api/embed", """{"model":"all-minilm","input":"hello world","dimensions":8}""");

        var v = Vector(r.Json.GetProperty("embeddings")[0]);
        Assert.That(v, Has.Length.EqualTo(8));
        Assert.That(Norm(v), Is.EqualTo(1.0).Within(1e-5));
    }

    [Test]
    public async Task EmptyInput_LoadsTheModelAndReturnsNoEmbeddings()
    {
        var r = await _client.PostAsync("/api/embed", """{"model":"all-minilm"}""");

        Assert.That(r.Body, Is.EqualTo("""{"model":"all-minilm","embeddings":[]}"""));
        var ps = await _client.GetAsync("/api/ps");
        Assert.That(ps.Body, Does.Contain("\"all-minilm:latest\""));
    }

    [Test]
    public async Task LegacyEmbeddings_ReturnsAnUnnormalisedVector()
    {
        var r = await _client.PostAsync("/api/embeddings", """{"model":"all-minilm","prompt":"hello world again"}""");

        var v = Vector(r.Json.GetProperty("embedding"));
        Assert.That(v, Has.Length.EqualTo(64));
        Assert.That(Norm(v), Is.Not.EqualTo(1.0).Within(1e-3));
        var empty = await _client.PostAsync("/api/embeddings", """{"model":"all-minilm","prompt":""}""");
        Assert.That(empty.Body, Is.EqualTo("""{"embedding":[]}"""));
    }

    [TestCase("/api/embed", """{"model":"nope","input":"x"}""", 404, "model \"nope\" not found, try pulling it first")]
    [TestCase("/api/embed", """{"model":"","input":"x"}""", 404, "model '' not found")]
    [TestCase("/api/embed", """{"model":"all-minilm","input":[1,2]}""", 400, "invalid input type")]
    [TestCase("/api/embed", """{"model":"all-minilm","input":5}""", 400, "invalid input type")]
    [TestCase("/api/embed", """{"model":"llama3.2:3b","input":"x"}""", 400, "\"llama3.2:3b\" does not support embeddings")]
    [TestCase("/api/embeddings", """{"prompt":"x"}""", 400, "model is required")]
    [TestCase("/api/embeddings", """{"model":"nope","prompt":"x"}""", 404, "model \"nope\" not found, try pulling it first")]
    [TestCase("/api/chat", """{"model":"all-minilm","messages":[{"role":"user","content":"x"}]}""", 400, "\"all-minilm\" does not support chat")]
    public async Task Errors_HaveOllamasStatusAndText(string path, string body, int status, string message)
    {
        var r = await _client.PostAsync(path, body);

        Assert.That(r.Status, Is.EqualTo(status), r.ToString());
        Assert.That(r.Error, Is.EqualTo(message));
    }

    [Test]
    public async Task TruncateFalse_RejectsInputLongerThanTheContext()
    {
        var longText = string.Join(' ', Enumerable.Repeat("word", 600));
        var r = await _client.PostAsync("/api/embed", $$"""{"model":"all-minilm","truncate":false,"input":"{{longText}}"}""");

        Assert.That(r.Status, Is.EqualTo(400));
        Assert.That(r.Error, Is.EqualTo("the input length exceeds the context length"));
    }
}
