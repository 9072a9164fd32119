using System.Text;
using ModelGateway.Caching;

namespace ModelGateway.Tests.Caching;

public class CachedReplyTests
{
    [Test]
    public void Encode_ThenDecode_GivesTheSameReply()
    {
        var storedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);
        var original = new CachedReply("application/x-ndjson", storedAt, Encoding.UTF8.GetBytes("{\"done\":true}\n"));

        Assert.That(CachedReply.TryDecode(original.Encode(), out var decoded), Is.True);
        Assert.That(decoded.ContentType, Is.EqualTo("application/x-ndjson"));
        Assert.That(decoded.StoredAt, Is.EqualTo(storedAt));
        Assert.That(decoded.Body.ToArray(), Is.EqualTo(original.Body.ToArray()));
        Assert.That(decoded.IsNdjson, Is.True);
    }

    [TestCase("")]
    [TestCase("{\"done\":true}")]
    [TestCase("MGC1\0\0\0\0\0\0\0\0\u00ff\u00ff")]
    public void ForeignOrDamagedBytes_AreRejected(string text)
        => Assert.That(CachedReply.TryDecode(Encoding.Latin1.GetBytes(text), out _), Is.False);
}
