using ModelGateway.Forwarding;

namespace ModelGateway.Tests.Forwarding;

public class WorkerRequestUrisTests
{
    [TestCase("http://10.0.0.5:11434", "/api/chat", "http://10.0.0.5:11434/api/chat")]
    [TestCase("http://10.0.0.5:11434/", "/api/chat", "http://10.0.0.5:11434/api/chat")]
    [TestCase("http://gpu-1.internal:11434/ollama/", "/api/tags", "http://gpu-1.internal:11434/ollama/api/tags")]
    [TestCase("http://[::1]:11434", "/v1/models?limit=5", "http://[::1]:11434/v1/models?limit=5")]
    public void JoinsTheWorkerAddressAndThePath(string address, string path, string expected)
        => Assert.That(new WorkerRequestUris().For(address, path).AbsoluteUri, Is.EqualTo(expected));

    [Test]
    public void APathIsParsedOncePerAddress()
    {
        var uris = new WorkerRequestUris();
        var address = "http://127.0.0.1:11434";
        var first = uris.For(address, "/api/chat");
        Assert.That(uris.For(address, "/api/chat"), Is.SameAs(first));
        Assert.That(uris.For(address, "/api/generate"), Is.Not.SameAs(first));
        Assert.That(uris.For("http://127.0.0.1:11435", "/api/chat").Port, Is.EqualTo(11435), "another worker gets its own");
    }

    [Test]
    public void ClientQueryStrings_AndPathsBeyondTheLimit_AreBuiltEachTime()
    {
        var uris = new WorkerRequestUris();
        var address = "http://127.0.0.1:11434";
        var withQuery = uris.For(address, "/v1/models?x=1");
        Assert.That(uris.For(address, "/v1/models?x=1"), Is.Not.SameAs(withQuery));
        for (var i = 0; i < WorkerRequestUris.MaxPathsPerAddress; i++) uris.For(address, $"/api/p{i}");
        var beyond = uris.For(address, "/api/one-too-many");
        Assert.That(beyond.AbsolutePath, Is.EqualTo("/api/one-too-many"));
        Assert.That(uris.For(address, "/api/one-too-many"), Is.Not.SameAs(beyond));
        var first = uris.For(address, "/api/p0");
        Assert.That(uris.For(address, "/api/p0"), Is.SameAs(first), "the first paths stay kept");
    }
}
