using System.Text.Json;
using ModelGateway.Transforms.Responses;
using ModelGateway.Validation;

namespace ModelGateway.Tests.Validation;

/// <summary>The chat rules on a /v1/responses request, each failure named by the Responses field it came from.</summary>
public class OpenAIResponseRequestValidatorTests
{
    const string Weather = """{"type":"function","name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}""";

    [Test]
    public void A_conversation_with_tools_and_a_token_limit_passes()
        => Expect.Passes(new ValidationKit().Response($$"""
            {"model":"m","instructions":"Be brief.","max_output_tokens":100,"tools":[{{Weather}}],"input":[
              {"role":"user","content":"weather?"},
              {"type":"function_call","call_id":"call_a","name":"get_weather","arguments":"{\"city\":\"Oslo\"}"},
              {"type":"function_call_output","call_id":"call_a","output":"3C"}]}
            """, contextLength: 4096));

    [Test]
    public void Too_long_content_names_the_input_item()
    {
        var kit = new ValidationKit(new ValidationOptions { MaxContentCharacters = 5 });
        Expect.Fails(kit.Response("""{"model":"m","input":[{"role":"user","content":"ok"},{"role":"user","content":"123456"}]}"""),
            "input[1].content", "at most 5 characters, got 6");
        Expect.Fails(kit.Response("""{"model":"m","instructions":"too long","input":"ok"}"""), "instructions", "at most 5 characters");
        Expect.Fails(kit.Response("""{"model":"m","input":"123456"}"""), "input", "at most 5 characters");
    }

    [Test]
    public void A_tool_result_without_its_call_names_the_item_and_its_call_id()
    {
        var kit = new ValidationKit();
        Expect.Fails(kit.Response("""{"model":"m","input":[{"role":"user","content":"hi"},{"type":"function_call_output","call_id":"call_x","output":"?"}]}"""),
            "input[1]", "must be a response to a preceding assistant message");
        Expect.Fails(kit.Response("""
            {"model":"m","input":[{"type":"function_call","call_id":"call_a","name":"f","arguments":"{}"},{"type":"function_call_output","call_id":"call_b","output":"?"}]}
            """), "input[1].call_id", "'call_b' does not match");
    }

    [Test]
    public void A_stored_conversation_too_long_to_continue_names_previous_response_id()
    {
        var kit = new ValidationKit(new ValidationOptions { MaxMessages = 3 });
        using var stored = JsonDocument.Parse("""[{"role":"user","content":"a"},{"role":"assistant","content":"b"},{"role":"user","content":"c"},{"role":"assistant","content":"d"}]""");
        var previous = ResponseConversation.Read(stored.RootElement)!;
        Expect.Fails(kit.Response("""{"model":"m","previous_response_id":"resp_x","input":"e"}""", previous: previous), "input", "at most 3 messages, got 5");
    }

    [Test]
    public void Tool_definition_and_token_limit_failures_name_the_responses_fields()
    {
        var kit = new ValidationKit();
        Expect.Fails(kit.Response($$"""{"model":"m","input":"hi","tools":[{{Weather}},{{Weather}}]}"""), "tools[1].name", "already defined");
        Expect.Fails(kit.Response("""{"model":"m","input":"hi","max_output_tokens":9000}""", contextLength: 4096), "max_output_tokens", "context length");
    }

    [TestCase("messages[2].content", "input[4].content")]
    [TestCase("messages[0].content", "instructions")]
    [TestCase("messages[1]", "previous_response_id")]
    [TestCase("messages[3].role", "input[4]")]
    [TestCase("messages[3].tool_call_id", "input[4].call_id")]
    [TestCase("messages", "input")]
    [TestCase("max_tokens", "max_output_tokens")]
    [TestCase("tools[2].function.parameters.type", "tools[2].parameters.type")]
    public void Chat_paths_map_to_responses_fields(string chat, string responses)
        => Assert.That(ModelGateway.Validation.OpenAI.OpenAIResponseRequestValidator.ResponsesParam(chat,
            ["instructions", "previous_response_id", "input[4]", "input[4]"]), Is.EqualTo(responses));
}
