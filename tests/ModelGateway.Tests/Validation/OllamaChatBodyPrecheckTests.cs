using System.Text;
using ModelGateway.Tests.Validation.Gateway;
using ModelGateway.Validation;
using ModelGateway.Validation.Ollama;

namespace ModelGateway.Tests.Validation;

/// <summary>
/// The precheck lets a plain /api/chat body skip FluentValidation. It may only vouch for a body the validator passes:
/// every body here, good or bad, is run through both.
/// </summary>
public class OllamaChatBodyPrecheckTests
{
    /// <summary>The fleet's limits, so the corpus's LONG_TEXT and count cases sit just past them.</summary>
    static readonly ValidationOptions Limits = new() { MaxMessages = 8, MaxContentCharacters = ValidationFleet.MaxContentCharacters, MaxTools = 4, MaxImages = 2 };

    static readonly string AtLimit = new('x', ValidationFleet.MaxContentCharacters);
    static readonly string OverLimit = new('x', ValidationFleet.MaxContentCharacters + 1);

    static IEnumerable<string> Bodies()
    {
        foreach (var bad in CorpusCase.Load("api-bad-bodies.json").Where(c => c.Path == "/api/chat"))
            yield return Encoding.UTF8.GetString(bad.Body);
        string[] more =
        [
            """{"model":"m","messages":[{"role":"user","content":"Tell me something short about harbors."}],"stream":false}""",
            """{"model":"m"}""",
            """{"model":"m","messages":[]}""",
            """{"model":"m","messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hi"},{"role":"assistant","content":"hello"},{"role":"tool","content":"3C"},{"role":"developer"}]}""",
            """{"model":"m","messages":[{"role":"User","content":"hi"}]}""",
            """{"model":"m","messages":[{"role":"USER","content":"hi"}]}""",
            """{"model":"m","messages":[{"role":"robot","content":"hi"}]}""",
            """{"model":"m","messages":[{"content":"hi"}]}""",
            """{"model":"m","messages":[null]}""",
            $$"""{"model":"m","messages":[{"role":"user","content":"{{AtLimit}}"}]}""",
            $$"""{"model":"m","messages":[{"role":"user","content":"{{OverLimit}}"}]}""",
            $$"""{"model":"m","messages":[{"role":"assistant","content":"","thinking":"{{AtLimit}}"}]}""",
            $$"""{"model":"m","messages":[{"role":"assistant","content":"","thinking":"{{OverLimit}}"}]}""",
            """{"model":"m","messages":[{"role":"user","content":"1"},{"role":"user","content":"2"},{"role":"user","content":"3"},{"role":"user","content":"4"},{"role":"user","content":"5"},{"role":"user","content":"6"},{"role":"user","content":"7"},{"role":"user","content":"8"}]}""",
            """{"model":"m","messages":[{"role":"user","content":"1"},{"role":"user","content":"2"},{"role":"user","content":"3"},{"role":"user","content":"4"},{"role":"user","content":"5"},{"role":"user","content":"6"},{"role":"user","content":"7"},{"role":"user","content":"8"},{"role":"user","content":"9"}]}""",
            """{"model":"m","messages":[{"role":"user","content":"hi","images":[]}]}""",
            """{"model":"m","messages":[{"role":"user","content":"hi","images":["iVBORw0KGgo="]}]}""",
            """{"model":"m","messages":[{"role":"user","content":"hi","images":["data:image/png;base64,iVBORw0KGgo="]}]}""",
            """{"model":"m","messages":[{"role":"user","content":"hi","tool_calls":[]}]}""",
            """{"model":"m","messages":[{"role":"user","content":"hi","tool_calls":[{"function":{"name":"f","arguments":{}}}]}]}""",
            """{"model":"m","messages":[{"role":"assistant","content":"","tool_calls":[{"function":{"name":"f","arguments":{}}}]}]}""",
            """{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[]}""",
            """{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f"}}]}""",
            """{"model":"m","messages":[{"role":"user","content":"hi"}],"format":null,"options":null,"keep_alive":null,"think":null}""",
            """{"model":"m","messages":[{"role":"user","content":"hi"}],"format":"json"}""",
            """{"model":"m","messages":[{"role":"user","content":"hi"}],"format":"yaml"}""",
            """{"model":"m","messages":[{"role":"user","content":"hi"}],"options":{"temperature":0.5}}""",
            """{"model":"m","messages":[{"role":"user","content":"hi"}],"options":{"temperature":5}}""",
            """{"model":"m","messages":[{"role":"user","content":"hi"}],"keep_alive":300}""",
            """{"model":"m","messages":[{"role":"user","content":"hi"}],"keep_alive":-1}""",
            """{"model":"m","messages":[{"role":"user","content":"hi"}],"keep_alive":"5m"}""",
            """{"model":"m","messages":[{"role":"user","content":"hi"}],"keep_alive":"soon"}""",
            """{"model":"m","messages":[{"role":"user","content":"hi"}],"think":true}""",
            """{"model":"m","messages":[{"role":"user","content":"hi"}],"think":false}""",
            """{"model":"m","messages":[{"role":"user","content":"hi"}],"think":"high"}""",
            """{"model":"m","messages":[{"role":"user","content":"hi"}],"think":"very"}""",
            """{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":true,"truncate":true,"shift":false,"logprobs":true,"top_logprobs":3}""",
        ];
        foreach (var body in more) yield return body;
    }

    [TestCaseSource(nameof(Bodies))]
    public void It_vouches_only_for_bodies_the_validator_passes(string json)
    {
        var body = OllamaBodyReader.Read(Encoding.UTF8.GetBytes(json), OllamaBodyJsonContext.Default.OllamaChatBody, out var failure);
        if (failure is not null || body is null) return; // refused while reading: the precheck never sees it
        if (!OllamaChatBodyPrecheck.Vouches(body, Limits)) return;
        Expect.Passes(new ValidationKit(Limits).OllamaChat(json));
    }

    [TestCase("""{"model":"m","messages":[{"role":"user","content":"Tell me something short about harbors."}],"stream":false}""")]
    [TestCase("""{"model":"m","messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}],"keep_alive":300,"think":false,"options":null}""")]
    [TestCase("""{"model":"m"}""")]
    public void It_vouches_for_plain_chat_bodies(string json)
    {
        var body = OllamaBodyReader.Read(Encoding.UTF8.GetBytes(json), OllamaBodyJsonContext.Default.OllamaChatBody, out _)!;
        Assert.That(OllamaChatBodyPrecheck.Vouches(body, Limits), Is.True);
    }

    [Test]
    public void A_body_at_a_limit_is_vouched_for_and_one_past_it_is_left_to_the_validator()
    {
        var atLimit = OllamaBodyReader.Read(Encoding.UTF8.GetBytes($$"""{"model":"m","messages":[{"role":"user","content":"{{AtLimit}}"}]}"""), OllamaBodyJsonContext.Default.OllamaChatBody, out _)!;
        var overLimit = OllamaBodyReader.Read(Encoding.UTF8.GetBytes($$"""{"model":"m","messages":[{"role":"user","content":"{{OverLimit}}"}]}"""), OllamaBodyJsonContext.Default.OllamaChatBody, out _)!;
        Assert.That(OllamaChatBodyPrecheck.Vouches(atLimit, Limits), Is.True);
        Assert.That(OllamaChatBodyPrecheck.Vouches(overLimit, Limits), Is.False);
    }
}
