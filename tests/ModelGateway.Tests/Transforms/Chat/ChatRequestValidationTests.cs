using static ModelGateway.Tests.Transforms.TranslationRun;

namespace ModelGateway.Tests.Transforms.Chat;

/// <summary>Every rejected chat request is a 400 invalid_request_error naming the offending field.</summary>
public class ChatRequestValidationTests
{
    const string User = """{"role":"user","content":"Hi"}""";

    static string Body(string extra, string messages = User) => $$"""{"model":"llama3.2","messages":[{{messages}}]{{extra}}}""";

    static IEnumerable<TestCaseData> Rejected()
    {
        TestCaseData Case(string name, string body, string? param) => new TestCaseData(body, param).SetName("Rejects_" + name);

        yield return Case("HttpImageUrl", Body("", """{"role":"user","content":[{"type":"text","text":"x"},{"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}]}"""), "messages[0].content[1].image_url.url");
        yield return Case("GifDataUrl", Body("", """{"role":"user","content":[{"type":"text","text":"x"},{"type":"image_url","image_url":{"url":"data:image/gif;base64,R0lGODlh"}}]}"""), "messages[0].content[1].image_url.url");
        yield return Case("InvalidBase64Image", Body("", """{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,not*base64!"}}]}"""), "messages[0].content[0].image_url.url");
        yield return Case("ImageInSystemMessage", Body("", """{"role":"system","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}"""), "messages[0].content[0].type");
        yield return Case("AudioPart", Body("", """{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"AAAA","format":"wav"}}]}"""), "messages[0].content[0].type");
        yield return Case("EmptyContentArray", Body("", """{"role":"user","content":[]}"""), "messages[0].content");
        yield return Case("JsonSchemaWithoutSchema", Body(""","response_format":{"type":"json_schema","json_schema":{"name":"x"}}"""), "response_format");
        yield return Case("JsonSchemaNotObject", Body(""","response_format":{"type":"json_schema","json_schema":{"name":"x","schema":"yaml"}}"""), "response_format");
        yield return Case("UnknownResponseFormat", Body(""","response_format":{"type":"yaml"}"""), "response_format.type");
        yield return Case("NAboveOne", Body(""","n":2"""), "n");
        yield return Case("MissingMessages", """{"model":"llama3.2"}""", "messages");
        yield return Case("MissingModel", """{"messages":[{"role":"user","content":"Hi"}]}""", "model");
        yield return Case("TemperatureAboveTwo", Body(""","temperature":3"""), "temperature");
        yield return Case("TemperatureAsString", Body(""","temperature":"hot" """), "temperature");
        yield return Case("TopPAboveOne", Body(""","top_p":1.5"""), "top_p");
        yield return Case("MaxTokensZero", Body(""","max_tokens":0"""), "max_tokens");
        yield return Case("MaxCompletionTokensNegative", Body(""","max_completion_tokens":-1"""), "max_completion_tokens");
        yield return Case("TopLogprobsAbove20", Body(""","logprobs":true,"top_logprobs":21"""), "top_logprobs");
        yield return Case("TopLogprobsWithoutLogprobs", Body(""","top_logprobs":2"""), "top_logprobs");
        yield return Case("PresencePenaltyAboveTwo", Body(""","presence_penalty":3"""), "presence_penalty");
        yield return Case("FrequencyPenaltyBelowMinusTwo", Body(""","frequency_penalty":-2.5"""), "frequency_penalty");
        yield return Case("StopNumber", Body(""","stop":5"""), "stop");
        yield return Case("StopArrayOfNumbers", Body(""","stop":["a",1]"""), "stop");
        yield return Case("CustomTool", Body(""","tools":[{"type":"custom","custom":{"name":"x"}}]"""), "tools[0].type");
        yield return Case("ToolWithoutName", Body(""","tools":[{"type":"function","function":{}}]"""), "tools[0].function.name");
        yield return Case("ToolChoiceUnknownFunction", Body(""","tools":[{"type":"function","function":{"name":"a"}}],"tool_choice":{"type":"function","function":{"name":"b"}}"""), "tool_choice.function.name");
        yield return Case("ToolChoiceUnknownString", Body(""","tool_choice":"always" """), "tool_choice");
        yield return Case("ReasoningEffortUnknown", Body(""","reasoning_effort":"extreme" """), "reasoning_effort");
        yield return Case("ArgumentsNotObject", Body("", User + "," + """{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"[1]"}}]}"""), "messages[1].tool_calls[0].function.arguments");
        yield return Case("ArgumentsAsObject", Body("", User + "," + """{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":{"a":1}}}]}"""), "messages[1].tool_calls[0].function.arguments");
        yield return Case("UnknownRole", Body("", User + "," + """{"role":"robot","content":"x"}"""), "messages[1].role");
        yield return Case("MissingRole", Body("", """{"content":"x"}"""), "messages[0].role");
        yield return Case("ToolWithoutCallId", Body("", User + "," + """{"role":"tool","content":"18C"}"""), "messages[1].tool_call_id");
        yield return Case("UserContentNull", Body("", """{"role":"user","content":null}"""), "messages[0].content");
        yield return Case("AssistantWithoutContentOrCalls", Body("", User + "," + """{"role":"assistant"}"""), "messages[1].content");
        yield return Case("ContentNumber", Body("", """{"role":"user","content":5}"""), "messages[0].content");
        yield return Case("OptionOfWrongType", Body(""","options":{"num_ctx":"big"}"""), "options.num_ctx");
        yield return Case("OptionStopAsString", Body(""","options":{"stop":"x"}"""), "options.stop");
        yield return Case("OptionsNotObject", Body(""","options":[1]"""), "options");
        yield return Case("KeepAliveWithoutUnit", Body(""","keep_alive":"10" """), "keep_alive");
        yield return Case("ThinkUnknownLevel", Body(""","think":"extreme" """), "think");
        yield return Case("AudioModality", Body(""","modalities":["text","audio"]"""), "modalities");
        yield return Case("AudioOutput", Body(""","audio":{"voice":"alloy","format":"wav"}"""), "audio");
        yield return Case("DeprecatedFunctions", Body(""","functions":[{"name":"f"}]"""), "functions");
        yield return Case("WebSearch", Body(""","web_search_options":{}"""), "web_search_options");
        yield return Case("InvalidJson", """{"model":""", null);
        yield return Case("NotAnObject", "[]", null);
        yield return Case("EmptyBody", "", null);
    }

    [TestCaseSource(nameof(Rejected))]
    public void Request_IsRejectedWith400AndParam(string body, string? param)
    {
        var error = RejectChat(body);
        Assert.Multiple(() =>
        {
            Assert.That(error.Status, Is.EqualTo(400));
            Assert.That(error.Type, Is.EqualTo("invalid_request_error"));
            Assert.That(error.Param, Is.EqualTo(param));
            Assert.That(error.Message, Is.Not.Empty);
        });
    }

    [Test]
    public void HttpImageUrl_MessageExplainsDataUrls() =>
        Assert.That(RejectChat(Body("", """{"role":"user","content":[{"type":"image_url","image_url":{"url":"http://x/y.png"}}]}""")).Message,
            Does.Contain("base64 data URL"));
}
