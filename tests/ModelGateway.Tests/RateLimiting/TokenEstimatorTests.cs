using System.Text;
using ModelGateway.Forwarding;
using ModelGateway.RateLimiting;
using ModelGateway.Routing;

namespace ModelGateway.Tests.RateLimiting;

public class TokenEstimatorTests
{
    static readonly RateLimitOptions Options = new() { BytesPerToken = 4, DefaultMaxTokens = 500 };

    static long Estimate(string path, string body) => TokenEstimator.Estimate(new WorkerRequest
    {
        Route = new ModelRoute("m", "m", "c", true), Method = HttpMethod.Post, PathAndQuery = path, Body = Encoding.UTF8.GetBytes(body),
    }, Options);

    [Test]
    public void NativeBody_ReservesPromptBytesOverFour_PlusNumPredict()
    {
        const string body = """{"model":"m","prompt":"abcdefgh","options":{"temperature":0.1,"num_predict":64}}""";
        Assert.That(Estimate("/api/generate", body), Is.EqualTo((body.Length + 3) / 4 + 64));
    }

    [Test]
    public void NoReplyLimit_OrAnUnboundedOne_ReservesTheDefault()
    {
        const string body = """{"model":"m","messages":[{"role":"user","content":"hi"}],"options":{"num_predict":-1}}""";
        Assert.That(Estimate("/api/chat", body), Is.EqualTo((body.Length + 3) / 4 + 500));
    }

    [Test]
    public void OpenAIProtocolBody_ReadsMaxTokens()
    {
        const string body = """{"model":"m","messages":[],"max_completion_tokens":7,"stream_options":{"include_usage":true}}""";
        Assert.That(Estimate("/v1/chat/completions", body), Is.EqualTo((body.Length + 3) / 4 + 7));
    }

    // The reply limit is read as the worker reads it: a limit the worker ignores must not shrink the reservation.
    [TestCase("""{"model":"m","options":{"num_predict":-1},"max_tokens":1}""", 500)]
    [TestCase("""{"model":"m","max_tokens":1}""", 500)]
    [TestCase("""{"model":"m","OPTIONS":{"num_predict":9}}""", 9)]
    [TestCase("""{"model":"m","options":{"num_predict":9,"num_predict":null}}""", 500)]
    [TestCase("""{"model":"m","options":{"num_predict":9},"Options":{"temperature":1}}""", 9)]
    public void NativeBody_ReplyLimit_IsOllamasOwn(string body, int reply)
        => Assert.That(Estimate("/api/chat", body), Is.EqualTo((body.Length + 3) / 4 + reply));

    [TestCase("""{"model":"m","max_completion_tokens":7,"max_tokens":2}""", 7)]
    [TestCase("""{"model":"m","max_tokens":2,"max_completion_tokens":7}""", 7)]
    [TestCase("""{"model":"m","max_tokens":2,"options":{"num_predict":1}}""", 2)]
    [TestCase("""{"model":"m","max_tokens":2,"max_tokens":null}""", 500)]
    public void OpenAIBody_ReplyLimit_IsMaxCompletionTokens_ElseMaxTokens(string body, int reply)
        => Assert.That(Estimate("/v1/chat/completions", body), Is.EqualTo((body.Length + 3) / 4 + reply));

    [Test]
    public void Embeddings_ReserveOnlyThePrompt()
        => Assert.That(Estimate("/api/embed", """{"model":"m","input":["a","b"]}"""), Is.EqualTo(8));

    [TestCase("/api/show", false)]
    [TestCase("/api/chat", true)]
    [TestCase("/v1/embeddings?x=1", true)]
    public void OnlyInferenceIsMetered(string path, bool metered)
        => Assert.That(TokenEstimator.IsMetered(path), Is.EqualTo(metered));
}
