using System.Text;
using ModelGateway.Tests.Validation.Gateway;
using ModelGateway.Transforms.Chat;
using ModelGateway.Validation;
using ModelGateway.Validation.OpenAI;

namespace ModelGateway.Tests.Validation;

/// <summary>
/// The precheck lets a plain parsed /v1/chat/completions request skip FluentValidation. It may only vouch for a request
/// the validator passes: every body here, good or bad, is run through both.
/// </summary>
public class OpenAIChatRequestPrecheckTests
{
    static readonly ValidationOptions Limits = new() { MaxMessages = 8, MaxContentCharacters = ValidationFleet.MaxContentCharacters, MaxTools = 4, MaxImages = 2 };

    static readonly string AtLimit = new('x', ValidationFleet.MaxContentCharacters);
    static readonly string OverLimit = new('x', ValidationFleet.MaxContentCharacters + 1);
    const string Image = """{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}""";

    static IEnumerable<string> Bodies()
    {
        foreach (var bad in CorpusCase.Load("v1-bad-bodies.json").Where(c => c.Path == "/v1/chat/completions"))
            yield return Encoding.UTF8.GetString(bad.Body);
        string[] more =
        [
            """{"model":"m","messages":[{"role":"user","content":"Tell me something short about harbors."}],"stream":false}""",
            """{"model":"m","messages":[{"role":"system","content":"be brief"},{"role":"developer","content":"x"},{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}""",
            $$"""{"model":"m","messages":[{"role":"user","content":"{{AtLimit}}"}]}""",
            $$"""{"model":"m","messages":[{"role":"user","content":"{{OverLimit}}"}]}""",
            """{"model":"m","messages":[{"role":"user","content":"1"},{"role":"user","content":"2"},{"role":"user","content":"3"},{"role":"user","content":"4"},{"role":"user","content":"5"},{"role":"user","content":"6"},{"role":"user","content":"7"},{"role":"user","content":"8"}]}""",
            """{"model":"m","messages":[{"role":"user","content":"1"},{"role":"user","content":"2"},{"role":"user","content":"3"},{"role":"user","content":"4"},{"role":"user","content":"5"},{"role":"user","content":"6"},{"role":"user","content":"7"},{"role":"user","content":"8"},{"role":"user","content":"9"}]}""",
            $$"""{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"look"},{{Image}},{{Image}}]}]}""",
            $$"""{"model":"m","messages":[{"role":"user","content":[{{Image}},{{Image}}]},{"role":"user","content":[{{Image}}]}]}""",
            """{"model":"m","messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c1","content":"3C"}]}""",
            """{"model":"m","messages":[{"role":"user","content":"hi"},{"role":"tool","tool_call_id":"c1","content":"3C"}]}""",
            """{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f"}}]}""",
            """{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":"none"}""",
            """{"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":16}""",
            """{"model":"m","messages":[{"role":"user","content":"hi"}],"max_completion_tokens":0}""",
            """{"model":"m","messages":[{"role":"user","content":"hi"}],"temperature":0.2,"top_p":0.9,"seed":1,"stop":["x"],"stream":true,"stream_options":{"include_usage":true}}""",
        ];
        foreach (var body in more) yield return body;
    }

    [TestCaseSource(nameof(Bodies))]
    public void It_vouches_only_for_requests_the_validator_passes(string json)
    {
        if (!ChatCompletionRequestParser.TryParse(Encoding.UTF8.GetBytes(json), out var request, out _)) return; // refused by the parser
        if (!OpenAIChatRequestPrecheck.Vouches(request, Limits)) return;
        Expect.Passes(new ValidationKit(Limits).Chat(json, contextLength: 1));
    }

    [TestCase("""{"model":"m","messages":[{"role":"user","content":"Tell me something short about harbors."}],"stream":false}""")]
    [TestCase("""{"model":"m","messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}],"temperature":0.2,"stream":true}""")]
    public void It_vouches_for_plain_chat_requests(string json)
    {
        Assert.That(ChatCompletionRequestParser.TryParse(Encoding.UTF8.GetBytes(json), out var request, out _), Is.True);
        Assert.That(OpenAIChatRequestPrecheck.Vouches(request!, Limits), Is.True);
    }

    [TestCase("""{"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":16}""")]
    [TestCase("""{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f"}}]}""")]
    [TestCase("""{"model":"m","messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c1","content":"3C"}]}""")]
    public void Token_limits_tools_and_tool_results_are_left_to_the_validator(string json)
    {
        Assert.That(ChatCompletionRequestParser.TryParse(Encoding.UTF8.GetBytes(json), out var request, out _), Is.True);
        Assert.That(OpenAIChatRequestPrecheck.Vouches(request!, Limits), Is.False);
    }
}
