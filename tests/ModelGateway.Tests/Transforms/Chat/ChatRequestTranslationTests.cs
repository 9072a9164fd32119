using System.Text;
using ModelGateway.Transforms.Chat;
using ModelGateway.Transforms.Ollama;
using static ModelGateway.Tests.Transforms.TranslationRun;

namespace ModelGateway.Tests.Transforms.Chat;

/// <summary>Request rules beyond the golden fixtures: ignored fields, tool_choice, extensions, content parts.</summary>
public class ChatRequestTranslationTests
{
    static string Native(string openAiRequest, string worker = "0.33.0", string model = "llama3.2") =>
        Encoding.UTF8.GetString(OllamaChatRequestWriter.ToBytes(ParseChat(openAiRequest), model, OllamaWorkerFeatures.FromVersion(worker)));

    const string Tools = """[{"type":"function","function":{"name":"a"}},{"type":"function","function":{"name":"b"}}]""";

    [Test]
    public void IgnoredOpenAIFields_AreNotForwarded() =>
        new JsonShape().AssertSame(
            """{"model":"llama3.2","messages":[{"role":"user","content":"Hi"}],"stream":false}""",
            Native("""{"model":"llama3.2","messages":[{"role":"user","content":"Hi","name":"ann"}],"user":"u","metadata":{"a":"b"},"store":true,"service_tier":"auto","parallel_tool_calls":false,"logit_bias":{"50256":-100},"prediction":{"type":"content","content":"x"},"verbosity":"low","safety_identifier":"s","prompt_cache_key":"k","n":1,"stream_options":{"include_usage":true},"response_format":{"type":"text"},"unknown_field":{"x":1}}"""));

    [Test]
    public void StreamOptionsWithoutStream_DoNotRequestUsage() =>
        Assert.That(ParseChat("""{"model":"m","messages":[{"role":"user","content":"Hi"}],"stream_options":{"include_usage":true}}""").IncludeUsage, Is.False);

    [Test]
    public void ToolChoiceNone_SendsNoTools()
    {
        var body = $$"""{"model":"llama3.2","messages":[{"role":"user","content":"Hi"}],"tools":{{Tools}},"tool_choice":"none"}""";
        new JsonShape().AssertSame("""{"model":"llama3.2","messages":[{"role":"user","content":"Hi"}],"stream":false}""", Native(body));
        Assert.That(ParseChat(body).HasTools, Is.False);
    }

    [TestCase("\"required\"")]
    [TestCase("\"auto\"")]
    public void ToolChoiceAutoOrRequired_SendsAllTools(string choice)
    {
        var body = $$"""{"model":"llama3.2","messages":[{"role":"user","content":"Hi"}],"tools":{{Tools}},"tool_choice":{{choice}}}""";
        new JsonShape().AssertSame($$"""{"model":"llama3.2","messages":[{"role":"user","content":"Hi"}],"stream":false,"tools":{{Tools}}}""", Native(body));
        Assert.That(ParseChat(body).HasTools, Is.True);
    }

    [Test]
    public void ToolChoiceFunction_SendsOnlyThatTool() =>
        new JsonShape().AssertSame(
            """{"model":"llama3.2","messages":[{"role":"user","content":"Hi"}],"stream":false,"tools":[{"type":"function","function":{"name":"b"}}]}""",
            Native("""{"model":"llama3.2","messages":[{"role":"user","content":"Hi"}],"tools":""" + Tools + ""","tool_choice":{"type":"function","function":{"name":"b"}}}"""));

    [Test]
    public void ToolChoiceAllowedTools_SendsOnlyTheAllowedOnes() =>
        new JsonShape().AssertSame(
            """{"model":"llama3.2","messages":[{"role":"user","content":"Hi"}],"stream":false,"tools":[{"type":"function","function":{"name":"a"}}]}""",
            Native("""{"model":"llama3.2","messages":[{"role":"user","content":"Hi"}],"tools":""" + Tools + ""","tool_choice":{"type":"allowed_tools","allowed_tools":{"mode":"auto","tools":[{"type":"function","function":{"name":"a"}}]}}}"""));

    [Test]
    public void OllamaExtensions_AreMergedAndStandardFieldsWin() =>
        new JsonShape().AssertSame(
            """{"model":"llama3.2","messages":[{"role":"user","content":"Hi"}],"stream":true,"options":{"num_ctx":8192,"temperature":0.1,"top_k":20,"num_predict":10,"stop":["a","b"]},"keep_alive":"10m","think":false}""",
            Native("""{"model":"llama3.2","messages":[{"role":"user","content":"Hi"}],"stream":true,"options":{"num_ctx":8192,"temperature":0.5,"top_k":20},"temperature":0.1,"max_tokens":99,"max_completion_tokens":10,"stop":["a","b"],"keep_alive":"10m","think":false,"reasoning_effort":"high"}"""));

    [Test]
    public void KeepAliveNumber_IsForwarded() =>
        new JsonShape().AssertSame(
            """{"model":"llama3.2","messages":[{"role":"user","content":"Hi"}],"stream":false,"keep_alive":-1}""",
            Native("""{"model":"llama3.2","messages":[{"role":"user","content":"Hi"}],"keep_alive":-1}"""));

    [Test]
    public void TextParts_AreJoinedWithNewlineAndImagesKeptInOrder() =>
        new JsonShape().AssertSame(
            """{"model":"llava","messages":[{"role":"user","content":"one\ntwo","images":["iVBORw0KGgo=","/9j/4AAQ"]}],"stream":false}""",
            Native("""{"model":"llava","messages":[{"role":"user","content":[{"type":"text","text":"one"},{"type":"image_url","image_url":"data:image/png;base64,iVBORw0KGgo="},{"type":"text","text":"two"},{"type":"image_url","image_url":{"url":"data:;base64,/9j/4AAQ"}}]}]}""", model: "llava"));

    [Test]
    public void ToolResultWithoutName_IsNamedAfterTheLastCallWithItsId_AndExplicitNameWins() =>
        new JsonShape().AssertSame(
            """{"model":"llama3.2","messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"","thinking":"plan","tool_calls":[{"id":"c1","function":{"name":"first","arguments":{}}},{"id":"c2","function":{"name":"second","arguments":{"x":[1,2]}}}]},{"role":"tool","content":"r2","tool_name":"second","tool_call_id":"c2"},{"role":"tool","content":"r1","tool_name":"custom","tool_call_id":"c1"},{"role":"tool","content":"r3","tool_call_id":"unknown"},{"role":"tool","content":"legacy","tool_name":"old_fn"}],"stream":false}""",
            Native("""{"model":"llama3.2","messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":[{"type":"refusal","refusal":"no"}],"reasoning_content":"plan","tool_calls":[{"id":"c1","type":"function","function":{"name":"first","arguments":""}},{"id":"c2","type":"function","function":{"name":"second","arguments":"{ \"x\" : [1, 2] }"}}]},{"role":"tool","tool_call_id":"c2","content":"r2"},{"role":"tool","tool_call_id":"c1","name":"custom","content":[{"type":"text","text":"r1"}]},{"role":"tool","tool_call_id":"unknown","content":"r3"},{"role":"function","name":"old_fn","content":"legacy"}]}"""));
}
