using ModelGateway.Validation;

namespace ModelGateway.Tests.Validation;

public class OllamaChatBodyValidatorTests
{
    const string Image = "iVBORw0KGgo=";

    static string Chat(string messages, string extra = "") => $$"""{"model":"m","messages":{{messages}}{{extra}}}""";

    const string User = """[{"role":"user","content":"hi"}]""";

    [Test]
    public void A_full_native_chat_body_passes()
    {
        const string body = """
            {"model":"m","stream":false,"keep_alive":"5m","think":"high","format":{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]},
             "options":{"temperature":0.7,"top_p":0.9,"num_predict":128,"num_ctx":4096,"stop":["\n"],"use_mmap":true,"seed":42,"unknown_key":"kept"},
             "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],
             "messages":[{"role":"system","content":"be brief"},{"role":"User","content":"weather?","images":["iVBORw0KGgo="]},
               {"role":"assistant","content":"","tool_calls":[{"id":"c1","function":{"name":"get_weather","arguments":{"city":"Oslo"}}}]},
               {"role":"tool","content":"3C","tool_name":"get_weather"}]}
            """;
        Expect.Passes(new ValidationKit().OllamaChat(body, contextLength: 8192));
    }

    [Test]
    public void Messages_absent_or_empty_load_the_model_and_pass()
    {
        Expect.Passes(new ValidationKit().OllamaChat("""{"model":"m"}"""));
        Expect.Passes(new ValidationKit().OllamaChat("""{"model":"m","messages":[]}"""));
    }

    [Test]
    public void More_messages_than_MaxMessages_name_messages()
        => Expect.Fails(new ValidationKit(new ValidationOptions { MaxMessages = 1 }).OllamaChat(Chat("""[{"role":"user","content":"a"},{"role":"user","content":"b"}]""")),
            "messages", "at most 1 messages, got 2");

    [Test]
    public void A_null_message_is_named()
        => Expect.Fails(new ValidationKit().OllamaChat(Chat("""[{"role":"user","content":"a"},null]""")), "messages[1]", "expected a message object");

    [Test]
    public void A_message_without_a_role_is_named()
        => Expect.Fails(new ValidationKit().OllamaChat(Chat("""[{"content":"a"}]""")), "messages[0].role", "needs a role");

    [TestCase("ipython")]
    [TestCase("bot")]
    public void A_role_Ollama_does_not_know_passes_to_the_models_template(string role)
        => Expect.Passes(new ValidationKit().OllamaChat(Chat($$"""[{"role":"{{role}}","content":"a"}]""")));

    [Test]
    public void An_empty_role_is_named()
        => Expect.Fails(new ValidationKit().OllamaChat(Chat("""[{"role":"","content":"a"}]""")), "messages[0].role", "needs a role");

    [Test]
    public void Content_longer_than_MaxContentCharacters_is_named()
        => Expect.Fails(new ValidationKit(new ValidationOptions { MaxContentCharacters = 2 }).OllamaChat(Chat("""[{"role":"user","content":"abc"}]""")),
            "messages[0].content", "at most 2 characters, got 3");

    [Test]
    public void Content_of_the_wrong_type_is_named_with_the_type_expected()
        => Expect.Fails(new ValidationKit().OllamaChat(Chat("""[{"role":"user","content":["parts","are","openai"]}]""")), "messages[0].content", "expected a string");

    [Test]
    public void A_typed_top_level_field_of_the_wrong_type_is_named()
        => Expect.Fails(new ValidationKit().OllamaChat(Chat(User, ",\"stream\":\"yes\"")), "stream", "expected true or false");

    [Test]
    public void Messages_that_are_not_an_array_are_named()
        => Expect.Fails(new ValidationKit().OllamaChat(Chat("\"hi\"")), "messages", "expected an array of objects");

    [TestCase("not base64!", "not valid base64")]
    [TestCase("data:image/png;base64,iVBORw0KGgo=", "without a data: URL prefix")]
    [TestCase("", "expected a base64-encoded image")]
    public void A_bad_image_is_named_by_position(string image, string message)
        => Expect.Fails(new ValidationKit().OllamaChat(Chat($$"""[{"role":"user","content":"x","images":["{{Image}}","{{image}}"]}]""")),
            "messages[0].images[1]", message);

    [Test]
    public void More_images_than_MaxImages_name_the_message_that_crossed_the_limit()
        => Expect.Fails(new ValidationKit(new ValidationOptions { MaxImages = 2 }).OllamaChat(Chat(
                $$"""[{"role":"user","content":"x","images":["{{Image}}"]},{"role":"user","content":"y","images":["{{Image}}","{{Image}}"]}]""")),
            "messages[1].images", "at most 2");

    [Test]
    public void Tool_calls_on_a_user_message_are_refused()
        => Expect.Fails(new ValidationKit().OllamaChat(Chat("""[{"role":"user","content":"x","tool_calls":[{"function":{"name":"f","arguments":{}}}]}]""")),
            "messages[0].tool_calls", "only assistant messages");

    [Test]
    public void A_tool_call_without_a_function_name_is_named()
        => Expect.Fails(new ValidationKit().OllamaChat(Chat("""[{"role":"assistant","content":"","tool_calls":[{"function":{"arguments":{}}}]}]""")),
            "messages[0].tool_calls[0].function.name", "function's name");

    [Test]
    public void Tool_call_arguments_as_a_string_are_refused()
        => Expect.Fails(new ValidationKit().OllamaChat(Chat("""[{"role":"assistant","content":"","tool_calls":[{"function":{"name":"f","arguments":"{}"}}]}]""")),
            "messages[0].tool_calls[0].function.arguments", "expected an object");

    [TestCase("weather.get")]
    [TestCase("a name OpenAI would refuse")]
    public void A_tool_name_outside_OpenAIs_pattern_passes_as_Ollama_takes_any(string name)
        => Expect.Passes(new ValidationKit().OllamaChat(Chat(User, $$$""","tools":[{"type":"function","function":{"name":"{{{name}}}"}}]""")));

    [Test]
    public void A_tool_without_a_string_name_is_named()
        => Expect.Fails(new ValidationKit().OllamaChat(Chat(User, ""","tools":[{"type":"function","function":{"name":7}}]""")),
            "tools[0].function.name", "expected the function's name");

    [Test]
    public void A_tool_that_is_not_a_function_is_named()
        => Expect.Fails(new ValidationKit().OllamaChat(Chat(User, ""","tools":[{"type":"retrieval"}]""")), "tools[0].type", "only 'function'");

    [Test]
    public void More_tools_than_MaxTools_name_tools()
        => Expect.Fails(new ValidationKit(new ValidationOptions { MaxTools = 0 }).OllamaChat(Chat(User, ""","tools":[{"type":"function","function":{"name":"f"}}]""")),
            "tools", "at most 0 tools");

    [TestCase("\"json\"")]
    [TestCase("\"\"")]
    [TestCase("null")]
    [TestCase("""{"type":"object"}""")]
    [TestCase("""{"type":["string","null"]}""")]
    public void Accepted_formats_pass(string format)
        => Expect.Passes(new ValidationKit().OllamaChat(Chat(User, ",\"format\":" + format)));

    [TestCase("\"yaml\"", "format", "got \"yaml\"")]
    [TestCase("[\"json\"]", "format", "JSON Schema object")]
    [TestCase("true", "format", "JSON Schema object")]
    [TestCase("""{"type":5}""", "format.type", "type name")]
    [TestCase("""{"type":"object","properties":[]}""", "format.properties", "expected an object")]
    [TestCase("""{"type":"object","required":"a"}""", "format.required", "array of property names")]
    public void Formats_Ollama_would_fail_with_a_500_are_named(string format, string param, string message)
        => Expect.Fails(new ValidationKit().OllamaChat(Chat(User, ",\"format\":" + format)), param, message);

    [TestCase("300")]
    [TestCase("-1")]
    [TestCase("\"5m\"")]
    [TestCase("\"1h30m\"")]
    [TestCase("\"-1m\"")]
    [TestCase("\"0\"")]
    public void Accepted_keep_alive_values_pass(string keepAlive)
        => Expect.Passes(new ValidationKit().OllamaChat(Chat(User, ",\"keep_alive\":" + keepAlive)));

    [TestCase("\"10\"")]
    [TestCase("\"forever\"")]
    [TestCase("true")]
    [TestCase("{}")]
    public void Bad_keep_alive_values_are_named(string keepAlive)
        => Expect.Fails(new ValidationKit().OllamaChat(Chat(User, ",\"keep_alive\":" + keepAlive)), "keep_alive", "duration with a unit");

    [TestCase("true")]
    [TestCase("false")]
    [TestCase("\"low\"")]
    [TestCase("\"max\"")]
    public void Accepted_think_values_pass(string think)
        => Expect.Passes(new ValidationKit().OllamaChat(Chat(User, ",\"think\":" + think)));

    [TestCase("\"extreme\"")]
    [TestCase("1")]
    public void Bad_think_values_are_named(string think)
        => Expect.Fails(new ValidationKit().OllamaChat(Chat(User, ",\"think\":" + think)), "think", "expected true, false");
}
