using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelGateway.Transforms.Chat;
using ModelGateway.Transforms.Ollama;
using ModelGateway.Transforms.OpenAI;
using ModelGateway.Transforms.Responses;
using ModelGateway.Transforms.Results;
using static ModelGateway.Tests.Transforms.Responses.ResponsesGoldenFixtures;
using static ModelGateway.Tests.Transforms.TranslationRun;

namespace ModelGateway.Tests.Transforms.Responses;

/// <summary>The golden pairs R1–R6 in both directions, compared structurally; then what a stored conversation keeps.</summary>
public class ResponsesGoldenTests
{
    static readonly OllamaWorkerFeatures CurrentWorker = OllamaWorkerFeatures.FromVersion("0.33.0");

    internal static ResponseRequest Parse(string json)
    {
        var ok = ResponseRequestParser.TryParse(Encoding.UTF8.GetBytes(json), out var request, out var error);
        Assert.That(ok, Is.True, () => $"expected the request to be accepted, got {error}");
        return request!;
    }

    static string Native(ResponseRequest request, string workerModel) =>
        Encoding.UTF8.GetString(OllamaChatRequestWriter.ToBytes(request.Chat, workerModel, CurrentWorker));

    static (string Json, ResponseResult Result) Respond(string nativeResponse, ResponseRequest request, string model)
    {
        ResponseResult? result = null;
        var json = Written(output =>
        {
            var translation = ResponseTranslator.Translate(Encoding.UTF8.GetBytes(nativeResponse), request, OpenAIIds.NewResponseId(), model, output, out result);
            Assert.That(translation.Succeeded, Is.True, translation.ErrorMessage);
        });
        return (json, result!);
    }

    [Test]
    public void R1_TextInput_RequestPutsInstructionsFirstAndCopiesOnlySetOptions() =>
        new JsonShape().AssertSame(R1Native, Native(Parse(R1Request), "llama3.2"));

    [Test]
    public void R1_TextInput_ResponseRepeatsTheSettingsAndCarriesUsageWithItsDetails()
    {
        var (json, result) = Respond(R1NativeResponse, Parse(R1Request), "llama3.2");
        var shape = new JsonShape();
        shape.AssertSame(R1Response, json);
        Assert.Multiple(() =>
        {
            Assert.That(result.Id, Is.EqualTo(shape.NamedIds["<ID:resp_>"]));
            Assert.That(result.Status, Is.EqualTo("completed"));
            Assert.That(Encoding.UTF8.GetString(result.Json.Span), Is.EqualTo(json), "the store keeps what the client got");
        });
    }

    [Test]
    public void R2_Stream_RequestIsAPlainStreamedChat() =>
        new JsonShape().AssertSame(R2Native, Native(Parse(R2Request), "llama3.2"));

    [Test]
    public void R2_Stream_EventsFollowOpenAIsSequence()
    {
        var request = Parse(R2Request);
        var translator = new ResponseStreamTranslator(request, OpenAIIds.NewResponseId(), "llama3.2");
        var (sse, step) = Stream(translator, R2NativeStream);
        var shape = new JsonShape();
        ResponsesSse.AssertSame(R2Sse, ResponsesSse.SplitEvents(sse), shape);
        Assert.Multiple(() =>
        {
            Assert.That(step.Kind, Is.EqualTo(StreamStepKind.Completed));
            Assert.That(shape.NamedIds["<ID:resp_>"], Is.EqualTo(translator.Id));
            Assert.That(translator.Usage, Is.EqualTo(new UsageCounts(18, 3)));
            Assert.That(translator.Result!.Status, Is.EqualTo("completed"));
            Assert.That(sse, Does.Not.Contain("[DONE]"), "Responses streams end with response.completed");
        });
        // The stored object is the one response.completed carried.
        var completed = JsonNode.Parse(ResponsesSse.SplitEvents(sse)[^1].Data)!["response"]!.ToJsonString();
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(translator.Result!.Json.Span), JsonNode.Parse(completed)), Is.True);
    }

    [Test]
    public void R2_Stream_TokenLinesTakeTheFastPathAndGiveTheSameEvents()
    {
        // Ollama's token lines are read without the DTO; the same lines with a field the fast path leaves alone go the full way.
        var spaced = string.Join('\n', R2NativeStream.Split('\n').Select(l => l.Replace("\"done\":false}", "\"done\":false,\"logprobs\":null}")));
        var fast = Stream(new ResponseStreamTranslator(Parse(R2Request), OpenAIIds.NewResponseId(), "llama3.2"), R2NativeStream).Sse;
        var slow = Stream(new ResponseStreamTranslator(Parse(R2Request), OpenAIIds.NewResponseId(), "llama3.2"), spaced).Sse;
        Assert.That(ResponsesSse.SplitEvents(fast).Select(e => e.Type), Is.EqualTo(ResponsesSse.SplitEvents(slow).Select(e => e.Type)));
        ResponsesSse.AssertSame(R2Sse, ResponsesSse.SplitEvents(slow), new JsonShape());
    }

    [Test]
    public void R3_Tools_RequestNestsTheFlatToolsAndSendsOnlyTheChosenOne() =>
        new JsonShape().AssertSame(R3Native, Native(Parse(R3Request), "llama3.2"));

    [Test]
    public void R3_Tools_StreamedCallIsOneFunctionCallItemWithItsArgumentsAndNoSecondCall()
    {
        var (sse, _) = Stream(new ResponseStreamTranslator(Parse(R3Request), OpenAIIds.NewResponseId(), "llama3.2"), R3NativeStream);
        var events = ResponsesSse.SplitEvents(sse);
        Assert.That(events.Take(2).Select(e => e.Type), Is.EqualTo(new[] { "response.created", "response.in_progress" }));
        ResponsesSse.AssertSame(R3SseAfterStart, events.Skip(2).ToList(), new JsonShape());
    }

    [Test]
    public void R3_Tools_WholeAnswerKeepsTextThenEveryCall_MakingUpAMissingCallId()
    {
        var request = Parse(R3Request.Replace("\"parallel_tool_calls\":false,", ""));
        var (json, result) = Respond(R3NativeResponse, request, "llama3.2");
        new JsonShape().AssertSame(R3ResponseOutput, JsonNode.Parse(json)!["output"]!.ToJsonString());
        // The stored conversation gets the reply as one assistant message with both calls.
        var reply = request.ConversationAfter(result);
        Assert.That(ConversationJson(reply)[^1]!.ToJsonString(), Does.StartWith("""{"role":"assistant","content":"Checking.","tool_calls":[{"id":"call_k3xq9a2b","function":{"name":"get_weather","arguments":{"city":"Paris"}}},{"id":"call_"""));
    }

    [Test]
    public void R4_InputItems_BecomeNativeMessages_CallsJoinTheirAssistantTurnAndResultsTakeTheCallsName() =>
        new JsonShape().AssertSame(R4Native, Native(Parse(R4Request), "llava"));

    [Test]
    public void R4_InputItems_EachMessageRemembersTheFieldItCameFrom()
    {
        var request = Parse(R4Request);
        Assert.That(request.MessageSources, Is.EqualTo(new[] { "input[0]", "input[1]", "input[3]", "input[6]", "input[7]" }));
        Assert.That(request.Chat.HasImages, Is.True);
    }

    [Test]
    public void R5_StructuredOutputAndReasoningEffort_BecomeFormatAndThink() =>
        new JsonShape().AssertSame(R5Native, Native(Parse(R5Request), "qwen3"));

    [Test]
    public void R5_StructuredOutput_TheResponseRepeatsTheFormatAndTheEffort()
    {
        var (json, _) = Respond(R1NativeResponse, Parse(R5Request), "qwen3");
        var response = JsonNode.Parse(json)!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)response["text"]!["format"]!["type"], Is.EqualTo("json_schema"));
            Assert.That((string?)response["text"]!["format"]!["name"], Is.EqualTo("person"));
            Assert.That((string?)response["reasoning"]!["effort"], Is.EqualTo("high"));
        });
    }

    [Test]
    public void R6_ThinkingCutByTheTokenLimit_StreamsAReasoningItemThenAnIncompleteMessage()
    {
        var translator = new ResponseStreamTranslator(Parse(R6Request), OpenAIIds.NewResponseId(), "qwen3");
        var (sse, step) = Stream(translator, R6NativeStream);
        var events = ResponsesSse.SplitEvents(sse);
        Assert.That(events.Select(e => e.Type), Is.EqualTo(R6EventTypes));
        var final = JsonNode.Parse(events[^1].Data)!["response"]!;
        new JsonShape().AssertSame(R6FinalOutput, final["output"]!.ToJsonString());
        Assert.Multiple(() =>
        {
            Assert.That(step.Kind, Is.EqualTo(StreamStepKind.Completed));
            Assert.That((string?)final["status"], Is.EqualTo("incomplete"));
            Assert.That((string?)final["incomplete_details"]!["reason"], Is.EqualTo("max_output_tokens"));
            Assert.That(final["completed_at"], Is.Null);
            Assert.That((int?)final["max_output_tokens"], Is.EqualTo(5));
            Assert.That(translator.Result!.Status, Is.EqualTo("incomplete"));
        });
    }

    [Test]
    public void R6_ThinkingCutByTheTokenLimit_Unstreamed_HasTheSameItemsAsTheStreamsFinalResponse()
    {
        // The thinking ended before the answer began, so only the answer was cut: as the stream reports it.
        const string whole = """
            {"model":"qwen3","created_at":"2025-01-15T10:00:00.423456Z","message":{"role":"assistant","content":"It is","thinking":"17*23 = 391."},"done":true,"done_reason":"length","prompt_eval_count":12,"eval_count":5}
            """;
        var (json, result) = Respond(whole, Parse(R6Request.Replace("\"stream\":true", "\"stream\":false")), "qwen3");
        new JsonShape().AssertSame(R6FinalOutput, JsonNode.Parse(json)!["output"]!.ToJsonString());
        Assert.That(result.Status, Is.EqualTo("incomplete"));
    }

    [Test]
    public void ThinkingCutByTheTokenLimit_BeforeAToolCall_LeavesEveryItemComplete()
    {
        // A call arrives whole, so nothing the client got was cut: as the stream reports it (status still incomplete).
        const string whole = """
            {"model":"qwen3","created_at":"2025-01-15T10:00:00.423456Z","message":{"role":"assistant","content":"","thinking":"Weather","tool_calls":[{"id":"call_1","function":{"name":"get_weather","arguments":{"city":"Paris"}}}]},"done":true,"done_reason":"length","prompt_eval_count":12,"eval_count":5}
            """;
        var (json, _) = Respond(whole, Parse("""{"model":"qwen3","input":"Weather in Paris?","max_output_tokens":5,"tools":[{"type":"function","name":"get_weather"}]}"""), "qwen3");
        var output = JsonNode.Parse(json)!["output"]!.AsArray();
        Assert.That(output.Select(i => ((string?)i!["type"], (string?)i["status"])),
            Is.EqualTo(new[] { ("reasoning", "completed"), ("function_call", "completed") }));
    }

    [Test]
    public void Continuation_SendsTheStoredConversationAfterTheNewInstructionsAndBeforeTheNewInput()
    {
        var first = Parse("""{"model":"llama3.2","instructions":"Old rules.","input":"My name is Ada."}""");
        var (_, result) = Respond(R1NativeResponse, first, "llama3.2");
        var stored = Reread(first.ConversationAfter(result));

        var next = Parse("""{"model":"llama3.2","instructions":"New rules.","previous_response_id":"resp_x","input":"What is my name?"}""");
        Assert.That(next.IsContinued, Is.False);
        var continued = next.ContinuedFrom(stored);
        new JsonShape().AssertSame("""
            {"model":"llama3.2","messages":[{"role":"system","content":"New rules."},{"role":"user","content":"My name is Ada."},{"role":"assistant","content":"Bonjour !"},{"role":"user","content":"What is my name?"}],"stream":false}
            """, Native(continued, "llama3.2"));
        Assert.Multiple(() =>
        {
            Assert.That(continued.IsContinued, Is.True);
            Assert.That(continued.MessageSources, Is.EqualTo(new[] { "instructions", "previous_response_id", "previous_response_id", "input" }));
            Assert.That(continued.Chat.PromptCharacters, Is.EqualTo("New rules.My name is Ada.Bonjour !What is my name?".Length));
        });
    }

    [Test]
    public void Continuation_AFunctionCallOutputAnswersACallOfTheStoredResponse_AndTakesItsName()
    {
        var first = Parse("""{"model":"llama3.2","input":"Weather?","tools":[{"type":"function","name":"get_weather"}]}""");
        var (_, result) = Respond("""{"created_at":"2025-07-07T20:22:19Z","message":{"role":"assistant","content":"","tool_calls":[{"id":"call_9","function":{"name":"get_weather","arguments":{"city":"Paris"}}}]},"done":true,"done_reason":"stop"}""", first, "llama3.2");
        var next = Parse("""{"model":"llama3.2","previous_response_id":"resp_x","input":[{"type":"function_call_output","call_id":"call_9","output":"22 C"}]}""")
            .ContinuedFrom(Reread(first.ConversationAfter(result)));
        new JsonShape().AssertSame("""
            {"model":"llama3.2","messages":[{"role":"user","content":"Weather?"},{"role":"assistant","content":"","tool_calls":[{"id":"call_9","function":{"name":"get_weather","arguments":{"city":"Paris"}}}]},{"role":"tool","content":"22 C","tool_name":"get_weather","tool_call_id":"call_9"}],"stream":false}
            """, Native(next, "llama3.2"));
    }

    [Test]
    public void Conversation_KeepsThinkingImagesAndCallsThroughWritingAndReading()
    {
        var request = Parse(R4Request);
        var (_, result) = Respond(R1NativeResponse, request, "llava");
        var conversation = request.ConversationAfter(result);
        Assert.That(ConversationJson(Reread(conversation)).ToJsonString(), Is.EqualTo(ConversationJson(conversation).ToJsonString()));
        Assert.That(conversation.Count, Is.EqualTo(6));
        Assert.That(ResponseConversation.Read(JsonDocument.Parse("""[{"role":"user"}]""").RootElement), Is.Null, "a message without content is not a conversation");
    }

    static JsonArray ConversationJson(ResponseConversation conversation)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
            conversation.WriteTo(writer);
        return JsonNode.Parse(buffer.WrittenSpan)!.AsArray();
    }

    static ResponseConversation Reread(ResponseConversation conversation)
        => ResponseConversation.Read(JsonDocument.Parse(ConversationJson(conversation).ToJsonString()).RootElement)!;
}
