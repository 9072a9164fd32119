using System.Text;
using System.Text.Json;
using ModelGateway.Transforms.Chat;
using ModelGateway.Transforms.Ollama;
using ModelGateway.Transforms.Results;
using static ModelGateway.Tests.Transforms.Chat.ChatGoldenFixtures;
using static ModelGateway.Tests.Transforms.TranslationRun;

namespace ModelGateway.Tests.Transforms.Chat;

/// <summary>Mapping doc §12 F1–F10 and F14d–e, both directions, compared structurally.</summary>
public class ChatGoldenTests
{
    static readonly OllamaWorkerFeatures CurrentWorker = OllamaWorkerFeatures.FromVersion("0.33.0");

    static string Native(string openAiRequest, string workerModel) =>
        Encoding.UTF8.GetString(OllamaChatRequestWriter.ToBytes(ParseChat(openAiRequest), workerModel, CurrentWorker));

    static string Respond(string nativeResponse, string model, bool logprobs = false) =>
        Written(output =>
        {
            var result = ChatResponseTranslator.Translate(Encoding.UTF8.GetBytes(nativeResponse), model, logprobs, output);
            Assert.That(result.Succeeded, Is.True, result.ErrorMessage);
        });

    [Test]
    public void F1_PlainChat_RequestMapsDeveloperToSystemAndCopiesOnlySetOptions() =>
        new JsonShape().AssertSame(F1Native, Native(F1Request, "llama3.2"));

    [Test]
    public void F1_PlainChat_ResponseIsChatCompletion() =>
        new JsonShape().AssertSame(F1Response, Respond(F1NativeResponse, "llama3.2"));

    [Test]
    public void F1_RequestFacts_AreExposedForTheGateway()
    {
        var request = ParseChat(F1Request);
        Assert.Multiple(() =>
        {
            Assert.That(request.Model, Is.EqualTo("llama3.2"));
            Assert.That(request.Stream, Is.False);
            Assert.That(request.IncludeUsage, Is.False);
            Assert.That(request.MaxTokens, Is.EqualTo(64));
            Assert.That(request.HasTools, Is.False);
            Assert.That(request.PromptCharacters, Is.EqualTo("Answer in French.".Length + "Hello".Length));
        });
    }

    [Test]
    public void F2_StreamWithUsage_RequestHasNoOptionsAndExplicitStream()
    {
        new JsonShape().AssertSame(F2Native, Native(F2Request, "llama3.2"));
        Assert.That(ParseChat(F2Request).IncludeUsage, Is.True);
    }

    [Test]
    public void F2_StreamWithUsage_SseMatchesEventByEvent()
    {
        var translator = ChatStreamTranslator.For(ParseChat(F2Request));
        var (sse, step) = Stream(translator, F2NativeStream);
        var shape = new JsonShape();
        SseShape.AssertSame(F2Sse, sse, shape);
        Assert.Multiple(() =>
        {
            Assert.That(step.Kind, Is.EqualTo(StreamStepKind.Completed));
            Assert.That(shape.SeenId, Is.EqualTo(translator.Id));
            Assert.That(translator.Usage, Is.EqualTo(new UsageCounts(18, 3)));
        });
    }

    [Test]
    public void F3_ToolCall_RequestDropsToolChoiceAutoAndPassesToolsThrough() =>
        new JsonShape().AssertSame(F3Native, Native(F3Request, "llama3.2"));

    [Test]
    public void F3_ToolCall_StreamKeepsNativeIdAndFinishesWithToolCalls()
    {
        var (sse, _) = Stream(new ChatStreamTranslator("llama3.2", includeUsage: false), F3NativeStream);
        SseShape.AssertSame(F3Sse, sse, new JsonShape());
    }

    [Test]
    public void F3_ToolCall_NonStreamedHasNullContentAndNoIndex() =>
        new JsonShape().AssertSame(F3Response, Respond(F3NativeResponse, "llama3.2"));

    [Test]
    public void F4_ParallelCallsFromOldWorker_GetNumberedAndDistinctSynthesizedIds()
    {
        var shape = new JsonShape();
        var (sse, _) = Stream(new ChatStreamTranslator("llama3.2", includeUsage: false), F4NativeStream);
        SseShape.AssertSame(F4Sse, sse, shape);
        Assert.That(shape.CallIds, Has.Count.EqualTo(2).And.Unique);
    }

    [Test]
    public void F4_ParallelCallsNonStreamed_GetDistinctSynthesizedIds()
    {
        const string native = """
            {"model":"llama3.2","created_at":"2025-01-15T10:00:00Z","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"a","arguments":{}}},{"function":{"index":1,"name":"b","arguments":{"x":1}}},{"function":{"index":2,"name":"c"}}]},"done":true,"done_reason":"stop"}
            """;
        using var json = JsonDocument.Parse(Respond(native, "llama3.2"));
        var calls = json.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("tool_calls");
        var ids = calls.EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToList();
        Assert.That(ids, Is.Unique.And.All.Matches(JsonShape.CallIdPattern));
        Assert.That(calls[2].GetProperty("function").GetProperty("arguments").GetString(), Is.EqualTo("{}"));
    }

    [Test]
    public void F5_ToolResult_HistoryGetsParsedArgumentsAndToolName() =>
        new JsonShape().AssertSame(F5Native, Native(F5Request, "llama3.2"));

    [Test]
    public void F5_ToolResult_ResponseIsPlainText() =>
        new JsonShape().AssertSame(F5Response, Respond(F5NativeResponse, "llama3.2"));

    [Test]
    public void F5_UnparsableArguments_Are400WithArgumentsPath()
    {
        var error = RejectChat(F5Request.Replace("""{\"city\":\"Paris\"}""", "{city: Paris}"));
        Assert.That(OpenAIErrorJson(error), Is.EqualTo(
            """{"error":{"message":"messages[1].tool_calls[0].function.arguments is not valid JSON","type":"invalid_request_error","param":"messages[1].tool_calls[0].function.arguments","code":null}}"""));
    }

    [Test]
    public void F6_Vision_TextAndImagePartsBecomeOneMessage() =>
        new JsonShape().AssertSame(F6Native, Native(F6Request, "llava"));

    [Test]
    public void F7_JsonSchema_SchemaBecomesFormat() =>
        new JsonShape().AssertSame(F7Native, Native(F7Request, "llama3.1"));

    [Test]
    public void F7_JsonObject_FormatIsJson()
    {
        var request = F7Request[..F7Request.IndexOf(",\"response_format\"", StringComparison.Ordinal)] + ""","response_format":{"type":"json_object"}}""";
        var expected = F7Native[..F7Native.IndexOf(",\"format\"", StringComparison.Ordinal)] + ""","format":"json"}""";
        new JsonShape().AssertSame(expected, Native(request, "llama3.1"));
    }

    [Test]
    public void F7_StructuredContent_IsReturnedAsTheSameString()
    {
        const string native = """{"model":"llama3.1","created_at":"2025-01-15T10:00:00Z","message":{"role":"assistant","content":"{\"age\": 22, \"available\": false}"},"done":true,"done_reason":"stop","prompt_eval_count":30,"eval_count":12}""";
        using var json = JsonDocument.Parse(Respond(native, "llama3.1"));
        Assert.That(json.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(),
            Is.EqualTo("""{"age": 22, "available": false}"""));
    }

    [Test]
    public void F8_Length_NonStreamedFinishReasonIsLength()
    {
        var native = F1NativeResponse.Replace("\"done_reason\":\"stop\"", "\"done_reason\":\"length\"").Replace("\"eval_count\":4", "\"eval_count\":64");
        var expected = F1Response.Replace("\"finish_reason\":\"stop\"", "\"finish_reason\":\"length\"")
            .Replace("\"completion_tokens\":4,\"total_tokens\":38", "\"completion_tokens\":64,\"total_tokens\":98");
        new JsonShape().AssertSame(expected, Respond(native, "llama3.2"));
    }

    [Test]
    public void F8_Length_StreamedFinishChunkIsLength()
    {
        var native = F2NativeStream.Replace("\"done_reason\":\"stop\"", "\"done_reason\":\"length\"");
        var (sse, _) = Stream(new ChatStreamTranslator("llama3.2", includeUsage: false), native);
        var events = SseShape.SplitEvents(sse);
        new JsonShape().AssertSame(
            """{"id":"<ID>","object":"chat.completion.chunk","created":1736935200,"model":"llama3.2","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"length"}]}""",
            events[^2]);
    }

    [Test]
    public void F9_ReasoningEffort_BecomesThinkLevel() =>
        new JsonShape().AssertSame(F9Native, Native(F9Request, "qwen3"));

    [TestCase("none", "false")]
    [TestCase("minimal", "\"low\"")]
    [TestCase("medium", "\"medium\"")]
    [TestCase("xhigh", "\"max\"")]
    [TestCase("max", "\"max\"")]
    public void F9_ReasoningEffortValues_MapPerTheTable(string effort, string think) =>
        new JsonShape().AssertSame(F9Native.Replace("\"high\"", think), Native(F9Request.Replace("\"high\"", $"\"{effort}\""), "qwen3"));

    [Test]
    public void F9_Thinking_StreamsAsDeltaReasoning()
    {
        var (sse, _) = Stream(new ChatStreamTranslator("qwen3", includeUsage: false), F9NativeStream);
        SseShape.AssertSame(F9Sse, sse, new JsonShape());
    }

    [Test]
    public void F9_Thinking_NonStreamedIsMessageReasoning()
    {
        const string native = """{"model":"qwen3","created_at":"2025-01-15T10:00:00Z","message":{"role":"assistant","content":"391","thinking":"17*23 = 391."},"done":true,"done_reason":"stop","prompt_eval_count":15,"eval_count":12}""";
        new JsonShape().AssertSame(
            """{"id":"<ID>","object":"chat.completion","created":1736935200,"model":"qwen3","system_fingerprint":"fp_ollama","choices":[{"index":0,"message":{"role":"assistant","content":"391","refusal":null,"reasoning":"17*23 = 391."},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":15,"completion_tokens":12,"total_tokens":27}}""",
            Respond(native, "qwen3"));
    }

    [Test]
    public void F10_Logprobs_RequestCopiesBothFields()
    {
        var request = F2Request.Replace("\"stream\":true,\"stream_options\":{\"include_usage\":true}", "\"logprobs\":true,\"top_logprobs\":2");
        var expected = F2Native.Replace("\"stream\":true", "\"stream\":false,\"logprobs\":true,\"top_logprobs\":2");
        new JsonShape().AssertSame(expected, Native(request, "llama3.2"));
    }

    [Test]
    public void F10_Logprobs_ResponseAddsBytesAndEmptyAlternatives()
    {
        const string native = """{"model":"llama3.2","created_at":"2025-01-15T10:00:00Z","message":{"role":"assistant","content":"Hi"},"done":true,"done_reason":"stop","prompt_eval_count":5,"eval_count":1,"logprobs":[{"token":"Hi","logprob":-0.01,"top_logprobs":[{"token":"Hi","logprob":-0.01},{"token":"Hello","logprob":-4.2}]}]}""";
        using var json = JsonDocument.Parse(Respond(native, "llama3.2", logprobs: true));
        new JsonShape().AssertSame(F10Logprobs, json.RootElement.GetProperty("choices")[0].GetProperty("logprobs").GetRawText());
    }

    [Test]
    public void F10_LogprobsNotRequested_AreNull()
    {
        const string native = """{"model":"llama3.2","created_at":"2025-01-15T10:00:00Z","message":{"role":"assistant","content":"Hi"},"done":true,"logprobs":[{"token":"Hi","logprob":-0.01}]}""";
        using var json = JsonDocument.Parse(Respond(native, "llama3.2", logprobs: false));
        Assert.That(json.RootElement.GetProperty("choices")[0].GetProperty("logprobs").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public void F14d_ErrorAfterStreamStarted_IsErrorEventWithoutDone()
    {
        var (sse, step) = Stream(new ChatStreamTranslator("llama3.2", includeUsage: true), F14dNativeStream);
        SseShape.AssertSame(F14dSse, sse, new JsonShape());
        Assert.Multiple(() =>
        {
            Assert.That(sse, Does.Not.Contain("[DONE]"));
            Assert.That(step, Is.EqualTo(new StreamStep(StreamStepKind.UpstreamError, true, "an error was encountered while running the model")));
        });
    }

    [Test]
    public void F14e_EmptyMessages_Is400WithOpenAIWording() =>
        Assert.That(OpenAIErrorJson(RejectChat("""{"model":"llama3.2","messages":[]}""")), Is.EqualTo(
            """{"error":{"message":"[] is too short - 'messages'","type":"invalid_request_error","param":"messages","code":null}}"""));

    static string OpenAIErrorJson(ModelGateway.Transforms.Errors.OpenAIError error)
    {
        Assert.That(error.Status, Is.EqualTo(400));
        return Encoding.UTF8.GetString(ModelGateway.Transforms.Errors.OpenAIErrorWriter.ToBytes(error));
    }
}
