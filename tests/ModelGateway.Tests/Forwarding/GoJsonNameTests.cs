using System.Text;
using ModelGateway.Forwarding;

namespace ModelGateway.Tests.Forwarding;

/// <summary>Names as Go's encoding/json matches them to Ollama's request fields.</summary>
public class GoJsonNameTests
{
    static byte[] U(string text) => Encoding.UTF8.GetBytes(text);

    [TestCase("options", true)]
    [TestCase("OPTIONS", true)]
    [TestCase("Options", true)]
    [TestCase("option\u017f", true)] // long s folds to s in Go
    [TestCase("option", false)]
    [TestCase("optionss", false)]
    [TestCase("opti\u00f6ns", false)]
    public void Matches_FoldsCaseAsGoDoes(string name, bool expected)
        => Assert.That(GoJsonName.Matches(U(name), "options"u8), Is.EqualTo(expected));

    [Test]
    public void TheKelvinSignIsAK()
        => Assert.That(GoJsonName.Matches(U("\u212Aeep_alive"), "keep_alive"u8), Is.True);

    [TestCase("Stream", "stream", true)]
    [TestCase("stream", "streams", false)]
    [TestCase("\u017ftream", "STREAM", true)]
    [TestCase("caf\u00e9", "CAF\u00c9", false)] // no Ollama field is non-ASCII; only the folds onto ASCII matter
    public void Equal_AndFold_AgreeOnRepeatedNames(string a, string b, bool expected)
    {
        var x = U(a);
        var y = U(b);
        Assert.That(GoJsonName.Equal(x, y), Is.EqualTo(expected));
        Assert.That(GoJsonName.Fold(x) == GoJsonName.Fold(y), Is.EqualTo(expected));
    }
}
