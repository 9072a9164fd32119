using System.Text;
using ModelGateway.RateLimiting;

namespace ModelGateway.Tests.RateLimiting;

public class TokenUsageMeterTests
{
    const string NativeStream =
        "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"say \\\"eval_count\\\":999\"},\"done\":false}\n" +
        "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"total_duration\":5,\"prompt_eval_count\":26,\"prompt_eval_duration\":3,\"eval_count\":1234,\"eval_duration\":7}\n";

    static long? Meter(string body, bool openAI, int chunkSize)
    {
        var meter = new TokenUsageMeter(openAI);
        var bytes = Encoding.UTF8.GetBytes(body);
        for (var i = 0; i < bytes.Length; i += chunkSize)
            meter.Observe(bytes.AsSpan(i, Math.Min(chunkSize, bytes.Length - i)));
        meter.Complete();
        return meter.Usage;
    }

    [Test]
    public void NativeFinalLine_IsCounted_HoweverTheStreamIsCut()
    {
        // Every chunk size splits the keys and numbers at a different place.
        for (var size = 1; size <= NativeStream.Length; size++)
            Assert.That(Meter(NativeStream, openAI: false, size), Is.EqualTo(26 + 1234), $"chunk size {size}");
    }

    [Test]
    public void QuotedKeysInsideGeneratedText_AreNotMistakenForUsage()
    {
        var onlyText = NativeStream.Split('\n')[0] + "\n";
        Assert.That(Meter(onlyText, openAI: false, 7), Is.Null);
    }

    [Test]
    public void EmbedReply_CountsItsPromptTokens()
        => Assert.That(Meter("{\"model\":\"e\",\"embeddings\":[[0.1,0.2]],\"total_duration\":1,\"prompt_eval_count\":8}", false, 5), Is.EqualTo(8));

    [Test]
    public void OpenAIProtocolUsage_IsCountedFromSseAndFromJson()
    {
        const string sse = "data: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}\n\n" +
            "data: {\"choices\":[],\"usage\":{\"prompt_tokens\": 11, \"completion_tokens\": 40, \"total_tokens\": 51, \"prompt_tokens_details\":{\"cached_tokens\":3}}}\n\ndata: [DONE]\n\n";
        for (var size = 1; size < sse.Length; size += 3)
            Assert.That(Meter(sse, openAI: true, size), Is.EqualTo(51), $"chunk size {size}");
        Assert.That(Meter("{\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":6}}", true, 100), Is.EqualTo(11));
    }

    [Test]
    public void ReplyWithoutUsage_ReportsNone()
        => Assert.That(Meter("{\"embedding\":[0.5,0.25]}", false, 4), Is.Null);
}
