using System.Text;
using ModelGateway.Transforms.Chat;
using ModelGateway.Transforms.Ollama;
using static ModelGateway.Tests.Transforms.TranslationRun;

namespace ModelGateway.Tests.Transforms.Chat;

/// <summary>Mapping doc §13: the same request is adjusted to what each worker release accepts.</summary>
public class ChatWorkerVersionTests
{
    static string Native(string extra, string version) =>
        Encoding.UTF8.GetString(OllamaChatRequestWriter.ToBytes(
            ParseChat($$"""{"model":"qwen3","messages":[{"role":"user","content":"Hi"}]{{extra}}}"""), "qwen3", OllamaWorkerFeatures.FromVersion(version)));

    const string Base = """{"model":"qwen3","messages":[{"role":"user","content":"Hi"}],"stream":false""";

    [TestCase("xhigh", "0.22.0", "\"max\"")]
    [TestCase("xhigh", "0.21.9", "\"high\"")]
    [TestCase("max", "v0.12.0", "\"high\"")]
    [TestCase("high", "0.11.1", "\"high\"")]
    [TestCase("high", "0.11.0", "true")]
    [TestCase("minimal", "0.10.1", "true")]
    [TestCase("none", "0.10.1", "false")]
    public void ReasoningEffort_IsDowngradedForOlderWorkers(string effort, string version, string think) =>
        new JsonShape().AssertSame(Base + $",\"think\":{think}}}", Native($",\"reasoning_effort\":\"{effort}\"", version));

    [Test]
    public void Think_IsNotSentToWorkersThatPredateIt() =>
        new JsonShape().AssertSame(Base + "}", Native(",\"reasoning_effort\":\"high\"", "0.8.0"));

    [TestCase("0.12.11", true)]
    [TestCase("0.12.10", false)]
    public void Logprobs_AreSentOnlyToWorkersThatSupportThem(string version, bool sent) =>
        new JsonShape().AssertSame(
            sent ? Base + ",\"logprobs\":true,\"top_logprobs\":3}" : Base + "}",
            Native(",\"logprobs\":true,\"top_logprobs\":3", version));
}
