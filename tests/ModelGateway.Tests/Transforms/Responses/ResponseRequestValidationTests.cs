using System.Text;
using ModelGateway.Transforms.Errors;
using ModelGateway.Transforms.Responses;

namespace ModelGateway.Tests.Transforms.Responses;

/// <summary>What a Responses body may not ask for: each refusal is a 400 naming the field, never a worker's 500.</summary>
public class ResponseRequestValidationTests
{
    static OpenAIError Reject(string json)
    {
        var ok = ResponseRequestParser.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error);
        Assert.That(ok, Is.False, "expected the request to be rejected");
        return error!;
    }

    const string Png = "data:image/png;base64,iVBORw0KGgo=";

    [TestCase("""{"input":"hi"}""", "model", "You must provide a model parameter.")]
    [TestCase("""{"model":"m"}""", "input", "Missing required parameter: 'input'.")]
    [TestCase("""{"model":"m","input":42}""", "input", "expected a string or an array")]
    [TestCase("""{"model":"m","input":[]}""", "input", "at least one message")]
    [TestCase("""{"model":"m","input":[{"type":"reasoning","summary":[{"type":"summary_text","text":"x"}]}]}""", "input", "at least one message")]
    [TestCase("""{"model":"m","input":["hi"]}""", "input[0]", "expected an object")]
    [TestCase("""{"model":"m","input":[{"role":"tool","content":"x"}]}""", "input[0].role", "Supported values are: 'user', 'assistant', 'system' and 'developer'")]
    [TestCase("""{"model":"m","input":[{"role":"user"}]}""", "input[0].content", "Missing required parameter")]
    [TestCase("""{"model":"m","input":[{"type":"item_reference","id":"msg_1"}]}""", "input[0].type", "continue a stored response with 'previous_response_id'")]
    [TestCase("""{"model":"m","input":[{"type":"web_search_call","id":"ws_1"}]}""", "input[0].type", "'web_search_call' are not supported")]
    [TestCase("""{"model":"m","input":[{"role":"user","content":[{"type":"input_file","file_id":"f"}]}]}""", "input[0].content[0].type", "'input_file' are not supported")]
    [TestCase("""{"model":"m","input":[{"role":"user","content":[{"type":"input_image","image_url":"https://example.com/cat.png"}]}]}""", "input[0].content[0].image_url", "Image URLs are not supported")]
    [TestCase("""{"model":"m","input":[{"role":"user","content":[{"type":"input_image","file_id":"file-1"}]}]}""", "input[0].content[0].file_id", "File ids are not supported")]
    [TestCase("""{"model":"m","input":[{"role":"system","content":[{"type":"input_image","image_url":"data:image/png;base64,iVBORw0KGgo="}]}]}""", "input[0].content[0].type", "'input_image' are not supported")]
    [TestCase("""{"model":"m","input":[{"role":"user","content":[{"type":"output_text","text":"x"}]}]}""", "input[0].content[0].type", "'output_text' are not supported")]
    [TestCase("""{"model":"m","input":[{"type":"function_call","name":"f","arguments":"{}"}]}""", "input[0].call_id", "Missing required parameter")]
    [TestCase("""{"model":"m","input":[{"type":"function_call","call_id":"c","name":"f","arguments":"[1]"}]}""", "input[0].arguments", "must be a JSON object")]
    [TestCase("""{"model":"m","input":[{"type":"function_call_output","call_id":"c"}]}""", "input[0].output", "Missing required parameter")]
    [TestCase("""{"model":"m","input":"hi","instructions":["x"]}""", "instructions", "expected a string")]
    [TestCase("""{"model":"m","input":"hi","tools":[{"type":"web_search"}]}""", "tools[0].type", "Only 'function' tools are supported")]
    [TestCase("""{"model":"m","input":"hi","tools":[{"type":"function"}]}""", "tools[0].name", "Missing required parameter")]
    [TestCase("""{"model":"m","input":"hi","tools":[{"type":"function","name":"f","parameters":"x"}]}""", "tools[0].parameters", "expected a JSON Schema object")]
    [TestCase("""{"model":"m","input":"hi","tools":[{"type":"function","name":"f"}],"tool_choice":{"type":"function","name":"g"}}""", "tool_choice.name", "not among the request's tools")]
    [TestCase("""{"model":"m","input":"hi","tool_choice":"required"}""", "tool_choice", "needs at least one tool")]
    [TestCase("""{"model":"m","input":"hi","tool_choice":{"type":"web_search_preview"}}""", "tool_choice.type", "Only 'function' and 'allowed_tools'")]
    [TestCase("""{"model":"m","input":"hi","text":{"format":{"type":"json_schema","name":"x"}}}""", "text.format.schema", "JSON Schema object")]
    [TestCase("""{"model":"m","input":"hi","text":{"format":{"type":"grammar"}}}""", "text.format.type", "'grammar'")]
    [TestCase("""{"model":"m","input":"hi","reasoning":{"effort":"extreme"}}""", "reasoning.effort", "'extreme'")]
    [TestCase("""{"model":"m","input":"hi","max_output_tokens":0}""", "max_output_tokens", "expected a value >= 1")]
    [TestCase("""{"model":"m","input":"hi","temperature":3}""", "temperature", "between 0 and 2")]
    [TestCase("""{"model":"m","input":"hi","metadata":{"k":1}}""", "metadata.k", "expected a string")]
    [TestCase("""{"model":"m","input":"hi","background":true}""", "background", "Background responses are not supported")]
    [TestCase("""{"model":"m","input":"hi","conversation":"conv_1"}""", "conversation", "continue a stored response with 'previous_response_id'")]
    [TestCase("""{"model":"m","input":"hi","prompt":{"id":"pmpt_1"}}""", "prompt", "prompt templates are not supported")]
    [TestCase("""{"model":"m","input":"hi","include":["message.output_text.logprobs"]}""", "include", "'include' is not supported")]
    [TestCase("""{"model":"m","input":"hi","top_logprobs":3}""", "top_logprobs", "Log probabilities are not supported")]
    [TestCase("""{"model":"m","input":"hi","previous_response_id":""}""", "previous_response_id", "expected a response id")]
    [TestCase("""{"model":"m","input":"hi","stream":"yes"}""", "stream", "Invalid type or value")]
    public void Refused_WithA400NamingTheField(string body, string param, string message)
    {
        var error = Reject(body);
        Assert.Multiple(() =>
        {
            Assert.That(error.Status, Is.EqualTo(400));
            Assert.That(error.Type, Is.EqualTo("invalid_request_error"));
            Assert.That(error.Param, Is.EqualTo(param));
            Assert.That(error.Message, Does.Contain(message));
        });
    }

    [Test]
    public void Accepted_TheBookkeepingAndHintFieldsOpenAIClientsSend()
    {
        var request = ResponsesGoldenTests.Parse($$"""
            {"model":"m","input":[{"role":"user","content":[{"type":"input_text","text":"hi"},{"type":"input_image","image_url":"{{Png}}","detail":"high"}]}],
             "store":false,"user":"u","safety_identifier":"s","prompt_cache_key":"k","service_tier":"auto","truncation":"auto","include":[],
             "max_tool_calls":3,"text":{"verbosity":"low"},"reasoning":{"summary":"auto"},"stream_options":{"include_obfuscation":false},"top_logprobs":0}
            """);
        Assert.Multiple(() =>
        {
            Assert.That(request.Store, Is.False);
            Assert.That(request.Chat.HasImages, Is.True);
            Assert.That(request.Stream, Is.False);
        });
    }

    [Test]
    public void Accepted_ContinuingWithoutNewInput()
        => Assert.That(ResponsesGoldenTests.Parse("""{"model":"m","previous_response_id":"resp_abc"}""").PreviousResponseId, Is.EqualTo("resp_abc"));

    [Test]
    public void StoreIsOnUnlessTheClientTurnsItOff()
        => Assert.That(ResponsesGoldenTests.Parse("""{"model":"m","input":"hi"}""").Store, Is.True);
}
