using System.Text;
using System.Text.Json;
using ModelGateway.Transforms.Chat;
using static ModelGateway.Tests.Transforms.TranslationRun;

namespace ModelGateway.Tests.Transforms.Chat;

/// <summary>Non-streamed edge cases: finish reasons never null, worker errors surfaced, usage reported.</summary>
public class ChatResponseTranslatorTests
{
    static JsonElement Choice(string native)
    {
        var json = Written(output => ChatResponseTranslator.Translate(Encoding.UTF8.GetBytes(native), "alias", false, output));
        return JsonDocument.Parse(json).RootElement.GetProperty("choices")[0].Clone();
    }

    [TestCase("", false, "stop")]
    [TestCase(",\"done_reason\":\"\"", true, "tool_calls")]
    [TestCase(",\"done_reason\":\"length\"", true, "length")]
    [TestCase(",\"done_reason\":\"weird\"", false, "stop")]
    public void FinishReason_FollowsTheTableAndIsNeverNull(string doneReason, bool toolCall, string expected)
    {
        var calls = toolCall ? ",\"tool_calls\":[{\"function\":{\"name\":\"f\",\"arguments\":{}}}]" : "";
        var native = $$"""{"model":"m","created_at":"2025-01-15T10:00:00Z","message":{"role":"assistant","content":"x"{{calls}}},"done":true{{doneReason}}}""";
        Assert.That(Choice(native).GetProperty("finish_reason").GetString(), Is.EqualTo(expected));
    }

    [Test]
    public void ModelInResponse_IsTheNameTheClientAskedFor()
    {
        var json = Written(output => ChatResponseTranslator.Translate(
            """{"model":"llama3.2:latest","created_at":"2025-01-15T10:00:00Z","message":{"role":"assistant","content":"x"},"done":true}"""u8, "alias", false, output));
        Assert.That(JsonDocument.Parse(json).RootElement.GetProperty("model").GetString(), Is.EqualTo("alias"));
    }

    [Test]
    public void ErrorBody_IsAFailureWithTheWorkersMessage()
    {
        var result = ChatResponseTranslator.Translate("""{"error":"llama runner process has terminated"}"""u8, "m", false, new System.Buffers.ArrayBufferWriter<byte>());
        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.ErrorMessage, Is.EqualTo("llama runner process has terminated"));
    }

    [Test]
    public void InvalidBody_IsAFailure() =>
        Assert.That(ChatResponseTranslator.Translate("<html>"u8, "m", false, new System.Buffers.ArrayBufferWriter<byte>()).Succeeded, Is.False);

    [Test]
    public void MissingPromptCount_IsZeroInUsage()
    {
        var result = ChatResponseTranslator.Translate(
            """{"model":"m","created_at":"2025-01-15T10:00:00Z","message":{"role":"assistant","content":"x"},"done":true,"eval_count":3}"""u8,
            "m", false, new System.Buffers.ArrayBufferWriter<byte>());
        Assert.That(result.Usage, Is.EqualTo(new ModelGateway.Transforms.Results.UsageCounts(0, 3)));
    }

    const string TwoCalls = """{"model":"m","created_at":"2025-01-15T10:00:00Z","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Paris"}}},{"function":{"name":"get_time","arguments":{"city":"Paris"}}}]},"done":true,"done_reason":"stop"}""";

    [TestCase(false, new[] { "get_weather", "get_time" })]
    [TestCase(true, new[] { "get_weather" })]
    public void ParallelToolCallsFalse_KeepsOnlyTheFirstCall(bool singleToolCall, string[] expected)
    {
        var json = Written(output => ChatResponseTranslator.Translate(Encoding.UTF8.GetBytes(TwoCalls), "m", false, output, singleToolCall: singleToolCall));
        var choice = JsonDocument.Parse(json).RootElement.GetProperty("choices")[0];
        var names = choice.GetProperty("message").GetProperty("tool_calls").EnumerateArray()
            .Select(c => c.GetProperty("function").GetProperty("name").GetString()).ToArray();
        Assert.That(names, Is.EqualTo(expected));
        Assert.That(choice.GetProperty("finish_reason").GetString(), Is.EqualTo("tool_calls"));
    }

    [TestCase(",\"parallel_tool_calls\":false", true)]
    [TestCase(",\"parallel_tool_calls\":true", false)]
    [TestCase("", false)]
    public void ParallelToolCalls_FalseAsksForASingleCall(string field, bool single)
    {
        Assert.That(ChatCompletionRequestParser.TryParse(Encoding.UTF8.GetBytes($$"""{"model":"m","messages":[{"role":"user","content":"x"}]{{field}}}"""), out var request, out _), Is.True);
        Assert.That(request!.SingleToolCall, Is.EqualTo(single));
    }
}
