using System.Text;
using ModelGateway.Transforms.Completions;
using ModelGateway.Transforms.Ollama;

namespace ModelGateway.Tests.Transforms.Completions;

/// <summary>
/// A thinking model answers /api/generate only after thinking, which the legacy answer drops: the thinking eats
/// <c>max_tokens</c> and the text comes back empty. <c>/v1/completions</c> therefore takes the chat request's switches
/// (<c>think</c>, <c>reasoning_effort</c>, <c>reasoning.effort</c>) and sends native <c>think</c> as chat does.
/// </summary>
public class CompletionThinkTests
{
    const string Base = """{"model":"qwen3","prompt":"Hi","stream":false""";

    static string Native(string extra, string version = "0.33.0")
    {
        var ok = CompletionRequestParser.TryParse(Encoding.UTF8.GetBytes($$"""{"model":"qwen3","prompt":"Hi"{{extra}}}"""), out var request, out var error);
        Assert.That(ok, Is.True, () => error!.Message);
        return Encoding.UTF8.GetString(OllamaGenerateRequestWriter.ToBytes(request!, "qwen3", OllamaWorkerFeatures.FromVersion(version)));
    }

    [TestCase(",\"think\":false", "false")]
    [TestCase(",\"think\":\"low\"", "\"low\"")]
    [TestCase(",\"reasoning_effort\":\"none\"", "false")]
    [TestCase(",\"reasoning_effort\":\"xhigh\"", "\"max\"")]
    [TestCase(",\"reasoning\":{\"effort\":\"minimal\"}", "\"low\"")]
    [TestCase(",\"reasoning_effort\":\"high\",\"think\":false", "false")]
    public void ThinkingSwitch_BecomesNativeThink(string extra, string think) =>
        new JsonShape().AssertSame(Base + $",\"think\":{think}}}", Native(extra));

    [Test]
    public void NoSwitch_SendsNoThink_SoTheModelsDefaultApplies() =>
        new JsonShape().AssertSame(Base + "}", Native(""));

    [TestCase("0.11.0", ",\"think\":true")]
    [TestCase("0.8.0", "")]
    public void ThinkLevel_IsAdjustedToTheWorkersRelease(string version, string expected) =>
        new JsonShape().AssertSame(Base + expected + "}", Native(",\"reasoning_effort\":\"high\"", version));

    [TestCase(",\"think\":\"yes\"", "think")]
    [TestCase(",\"reasoning_effort\":\"extreme\"", "reasoning_effort")]
    [TestCase(",\"reasoning\":{\"effort\":\"loud\"}", "reasoning.effort")]
    public void BadSwitch_Is400NamingTheField(string extra, string param)
    {
        var ok = CompletionRequestParser.TryParse(Encoding.UTF8.GetBytes($$"""{"model":"qwen3","prompt":"Hi"{{extra}}}"""), out _, out var error);
        Assert.That(ok, Is.False);
        Assert.That(error!.Status, Is.EqualTo(400));
        Assert.That(error.Param, Is.EqualTo(param));
    }
}
