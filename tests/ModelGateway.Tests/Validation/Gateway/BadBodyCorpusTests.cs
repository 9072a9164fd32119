using System.Text;

namespace ModelGateway.Tests.Validation.Gateway;

/// <summary>
/// The corpus of bad bodies, each sent to a real gateway over a simulated worker: the exact status, the surface's error
/// shape (OpenAI's envelope with <c>param</c> on /v1, <c>{"error":string}</c> on /api), never a 5xx, always in time.
/// </summary>
public class BadBodyCorpusTests
{
    static IEnumerable<CorpusCase> OpenAICases() => CorpusCase.Load("v1-bad-bodies.json");
    static IEnumerable<CorpusCase> OllamaCases() => CorpusCase.Load("api-bad-bodies.json");

    [TestCaseSource(nameof(OpenAICases))]
    public async Task V1_bad_body_is_answered_with_a_4xx_naming_the_param(CorpusCase bad)
    {
        var answer = await ErrorAnswer.PostAsync(ValidationFleet.Gateway.Http, bad.Path, bad.Body);
        var error = answer.AssertOpenAIError(bad.Status, bad.Param);
        if (bad.Message is { } fragment) Assert.That((string?)error["message"], Does.Contain(fragment));
    }

    [TestCaseSource(nameof(OllamaCases))]
    public async Task Api_bad_body_is_answered_with_a_4xx_in_Ollamas_shape(CorpusCase bad)
    {
        var answer = await ErrorAnswer.PostAsync(ValidationFleet.Gateway.Http, bad.Path, bad.Body);
        var message = answer.AssertOllamaError(bad.Status);
        if (bad.Message is { } fragment) Assert.That(message, Does.Contain(fragment));
    }

    [Test]
    public void The_corpus_covers_every_endpoint_of_both_surfaces()
    {
        var paths = OpenAICases().Concat(OllamaCases()).Select(c => c.Path).ToHashSet();
        Assert.That(paths, Is.SupersetOf(new[]
        {
            "/v1/chat/completions", "/v1/completions", "/v1/embeddings",
            "/api/chat", "/api/generate", "/api/embed", "/api/embeddings", "/api/show",
        }));
    }

    [Test]
    public async Task Rejected_bodies_never_reach_the_worker()
    {
        var before = (await ValidationFleet.Worker.GetStatsAsync()).InferenceRequests;
        foreach (var bad in OpenAICases().Concat(OllamaCases()).Where(c => c.Status == 400).Take(40))
            await ErrorAnswer.PostAsync(ValidationFleet.Gateway.Http, bad.Path, bad.Body);
        Assert.That((await ValidationFleet.Worker.GetStatsAsync()).InferenceRequests, Is.EqualTo(before));
    }

    /// <summary>The same gateway answers good bodies normally, so the corpus is not passing because everything is refused.</summary>
    [TestCase("/v1/chat/completions", """{"model":"llama3.2:3b","messages":[{"role":"user","content":"hi"}],"max_tokens":4096,"tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]}""")]
    [TestCase("/v1/completions", """{"model":"llama3.2:3b","prompt":"hi","max_tokens":8}""")]
    [TestCase("/v1/embeddings", """{"model":"all-minilm","input":["a","b","c","d"]}""")]
    [TestCase("/api/chat", """{"model":"llama3.2:3b","stream":false,"messages":[{"role":"user","content":"hi","images":["iVBORw0KGgo="]}],"options":{"temperature":0.5,"stop":["\n"],"num_predict":4096},"format":"json","keep_alive":"5m","think":false}""")]
    [TestCase("/api/generate", """{"model":"llama3.2:3b","prompt":"hi","stream":false,"options":{"num_predict":-1}}""")]
    [TestCase("/api/embed", """{"model":"all-minilm","input":["a","b"]}""")]
    [TestCase("/api/embeddings", """{"model":"all-minilm","prompt":"a"}""")]
    [TestCase("/api/show", """{"model":"llama3.2:3b"}""")]
    public async Task A_good_body_on_the_same_endpoint_is_answered_200(string path, string body)
    {
        var answer = await ErrorAnswer.PostAsync(ValidationFleet.Gateway.Http, path, Encoding.UTF8.GetBytes(body));
        Assert.That(answer.Status, Is.EqualTo(200), answer.Body);
    }
}
