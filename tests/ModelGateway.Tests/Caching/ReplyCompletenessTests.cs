using System.Text;
using ModelGateway.Caching;

namespace ModelGateway.Tests.Caching;

public class ReplyCompletenessTests
{
    const string Ndjson = "application/x-ndjson";
    const string Json = "application/json; charset=utf-8";

    static bool IsComplete(string contentType, string body) => ReplyCompleteness.IsComplete(contentType, Encoding.UTF8.GetBytes(body));

    [Test]
    public void StreamEndingWithDoneLine_IsComplete()
        => Assert.That(IsComplete(Ndjson, "{\"response\":\"a\",\"done\":false}\n{\"response\":\"\",\"done\":true,\"eval_count\":2}\n"), Is.True);

    [TestCase("{\"response\":\"a\",\"done\":false}\n", TestName = "no done line")]
    [TestCase("{\"response\":\"a\",\"done\":false}\n{\"error\":\"the worker's stream ended unexpectedly\"}\n", TestName = "an error line")]
    [TestCase("{\"response\":\"a\",\"done\":false}\n{\"response\":\"\",\"done\":true}", TestName = "a last line without newline")]
    [TestCase("{\"response\":\"a\",\"done\":false}\n{\"response\":\"\",\"do", TestName = "a cut line")]
    [TestCase("{\"done\":true}\n{\"response\":\"late\",\"done\":false}\n", TestName = "lines after done")]
    [TestCase("", TestName = "nothing")]
    public void BrokenOrFailedStream_IsNotComplete(string body)
        => Assert.That(IsComplete(Ndjson, body), Is.False);

    [Test]
    public void JsonReply_IsCompleteWhenItParses()
    {
        Assert.That(IsComplete(Json, "{\"embeddings\":[[0.1,0.2]]}"), Is.True);
        Assert.That(IsComplete(Json, "{\"embeddings\":[[0.1,0.2]"), Is.False);
        Assert.That(IsComplete(Json, "{\"error\":\"model 'x' not found\"}"), Is.False);
        Assert.That(IsComplete(Json, "{\"a\":1}{\"b\":2}"), Is.False);
    }

    [Test]
    public void NestedErrorOrDoneKeys_DoNotCount()
    {
        Assert.That(IsComplete(Json, "{\"message\":{\"content\":\"x\",\"error\":1},\"done\":true}"), Is.True);
        Assert.That(IsComplete(Ndjson, "{\"message\":{\"done\":true},\"done\":false}\n"), Is.False);
    }
}
