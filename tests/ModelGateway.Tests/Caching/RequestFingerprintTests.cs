using System.Text;
using ModelGateway.Caching;
using ModelGateway.Forwarding;
using ModelGateway.Routing;

namespace ModelGateway.Tests.Caching;

public class RequestFingerprintTests
{
    static RequestFingerprint Compute(string json, string path = "/api/chat", string workerModel = "llama3.2:3b")
    {
        var request = new WorkerRequest
        {
            Route = new ModelRoute(workerModel, workerModel, "c1", true),
            Method = HttpMethod.Post,
            PathAndQuery = path,
            Body = Encoding.UTF8.GetBytes(json),
        };
        Assert.That(RequestFingerprint.TryCompute(request, out var fingerprint), Is.True, json);
        return fingerprint;
    }

    const string Chat = """{"model":"m","messages":[{"role":"user","content":"hi"}],"options":{"temperature":0,"top_p":0.9},"stream":false}""";

    [Test]
    public void KeyOrderWhitespaceAndNumberSpelling_DoNotChangeTheKey()
    {
        const string reordered = """
            { "stream": false, "options": { "top_p": 9e-1, "temperature": 0.0 },
              "messages": [ { "content": "hi", "role": "user" } ], "model": "m" }
            """;
        Assert.That(Compute(reordered).Key, Is.EqualTo(Compute(Chat).Key));
    }

    [Test]
    public void KeepAlive_IsIgnored()
        => Assert.That(Compute(Chat.Replace("\"stream\":false", "\"stream\":false,\"keep_alive\":\"10m\"")).Key, Is.EqualTo(Compute(Chat).Key));

    [Test]
    public void AbsentStreamFlag_MeansStreaming()
    {
        var absent = Compute("""{"model":"m","prompt":"x","options":{"seed":1}}""", "/api/generate");
        var explicitTrue = Compute("""{"model":"m","prompt":"x","options":{"seed":1},"stream":true}""", "/api/generate");
        var explicitFalse = Compute("""{"model":"m","prompt":"x","options":{"seed":1},"stream":false}""", "/api/generate");
        Assert.That(absent.Key, Is.EqualTo(explicitTrue.Key));
        Assert.That(absent.Key, Is.Not.EqualTo(explicitFalse.Key));
    }

    [TestCase("""{"model":"m","messages":[{"role":"user","content":"hello"}],"options":{"temperature":0,"top_p":0.9},"stream":false}""", TestName = "a different message")]
    [TestCase("""{"model":"m","messages":[{"role":"user","content":"hi"}],"options":{"temperature":0,"top_p":0.8},"stream":false}""", TestName = "a different sampling option")]
    [TestCase("""{"model":"m","messages":[{"role":"user","content":"hi"}],"options":{"temperature":0,"top_p":0.9},"stream":true}""", TestName = "the stream flag")]
    [TestCase("""{"model":"m","messages":[{"role":"user","content":"hi"}],"options":{"temperature":0,"top_p":0.9},"stream":false,"format":"json"}""", TestName = "a format")]
    [TestCase("""{"model":"m","messages":[{"role":"user","content":"hi"}],"options":{"temperature":0,"top_p":0.9},"stream":false,"tools":[{"type":"function","function":{"name":"f"}}]}""", TestName = "tools")]
    public void AnswerChangingFields_ChangeTheKey(string other)
        => Assert.That(Compute(other).Key, Is.Not.EqualTo(Compute(Chat).Key));

    [Test]
    public void PathAndWorkerModel_AreInTheKey()
    {
        Assert.That(Compute(Chat, path: "/api/generate").Key, Is.Not.EqualTo(Compute(Chat).Key));
        Assert.That(Compute(Chat, workerModel: "qwen3:8b").Key, Is.Not.EqualTo(Compute(Chat).Key));
    }

    [TestCase("""{"model":"m","prompt":"x","options":{"temperature":0}}""", "/api/generate", true)]
    [TestCase("""{"model":"m","prompt":"x","options":{"temperature":0.7,"seed":42}}""", "/api/generate", true)]
    [TestCase("""{"model":"m","prompt":"x","options":{"temperature":0.7}}""", "/api/generate", false)]
    [TestCase("""{"model":"m","prompt":"x","options":{"seed":null,"temperature":1}}""", "/api/generate", false)]
    [TestCase("""{"model":"m","prompt":"x"}""", "/api/generate", false)]
    [TestCase("""{"model":"m","input":"x"}""", "/api/embed", true)]
    [TestCase("""{"model":"m","prompt":"x"}""", "/api/embeddings", true)]
    public void Determinism_FollowsTemperatureSeedAndEndpoint(string json, string path, bool deterministic)
        => Assert.That(Compute(json, path).IsDeterministic, Is.EqualTo(deterministic));

    [TestCase("/api/show")]
    [TestCase("/api/tags")]
    [TestCase("/v1/chat/completions")]
    public void OtherPaths_AreNotCacheable(string path)
    {
        var request = new WorkerRequest { Route = new ModelRoute("m", "m", "c1", true), Method = HttpMethod.Post, PathAndQuery = path, Body = Encoding.UTF8.GetBytes("""{"model":"m"}""") };
        Assert.That(RequestFingerprint.TryCompute(request, out _), Is.False);
    }
}
