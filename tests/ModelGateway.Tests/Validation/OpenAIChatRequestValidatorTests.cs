using ModelGateway.Validation;

namespace ModelGateway.Tests.Validation;

public class OpenAIChatRequestValidatorTests
{
    const string Png = "data:image/png;base64,iVBORw0KGgo=";

    static string Body(string messages, string extra = "")
        => $$"""{"model":"m","messages":{{messages}}{{extra}}}""";

    static string Tool(string name, string parameters = """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""")
        => $$$"""{"type":"function","function":{"name":"{{{name}}}","description":"d","parameters":{{{parameters}}}}}""";

    const string ToolConversation = """
        [{"role":"user","content":"weather?"},
         {"role":"assistant","content":null,"tool_calls":[
            {"id":"call_a","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}},
            {"id":"call_b","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Rome\"}"}}]},
         {"role":"tool","tool_call_id":"call_b","content":"20C"},
         {"role":"tool","tool_call_id":"call_a","content":"3C"},
         {"role":"assistant","content":"Oslo 3C, Rome 20C"}]
        """;

    [Test]
    public void A_full_conversation_with_tools_images_and_a_token_limit_passes()
    {
        var kit = new ValidationKit();
        Expect.Passes(kit.Chat(Body(ToolConversation, $",\"tools\":[{Tool("get_weather")}],\"max_tokens\":100"), contextLength: 4096));
        Expect.Passes(kit.Chat(Body($$$"""[{"role":"user","content":[{"type":"text","text":"what?"},{"type":"image_url","image_url":{"url":"{{{Png}}}"}}]}]""")));
    }

    [Test]
    public void More_messages_than_MaxMessages_name_messages()
    {
        var kit = new ValidationKit(new ValidationOptions { MaxMessages = 2 });
        Expect.Passes(kit.Chat(Body("""[{"role":"user","content":"a"},{"role":"user","content":"b"}]""")));
        Expect.Fails(kit.Chat(Body("""[{"role":"user","content":"a"},{"role":"user","content":"b"},{"role":"user","content":"c"}]""")),
            "messages", "at most 2 messages, got 3");
    }

    [Test]
    public void Content_longer_than_MaxContentCharacters_names_that_message_content()
    {
        var kit = new ValidationKit(new ValidationOptions { MaxContentCharacters = 5 });
        Expect.Passes(kit.Chat(Body("""[{"role":"user","content":"12345"}]""")));
        Expect.Fails(kit.Chat(Body("""[{"role":"system","content":"ok"},{"role":"user","content":"123456"}]""")),
            "messages[1].content", "at most 5 characters, got 6");
    }

    [Test]
    public void More_images_than_MaxImages_names_the_message_that_crossed_the_limit()
    {
        var kit = new ValidationKit(new ValidationOptions { MaxImages = 1 });
        var image = $$$"""{"type":"image_url","image_url":{"url":"{{{Png}}}"}}""";
        Expect.Passes(kit.Chat(Body($$"""[{"role":"user","content":[{{image}}]}]""")));
        Expect.Fails(kit.Chat(Body($$"""[{"role":"user","content":[{{image}}]},{"role":"assistant","content":"x"},{"role":"user","content":[{{image}}]}]""")),
            "messages[2].content", "at most 1");
    }

    [Test]
    public void A_tool_result_without_a_preceding_tool_call_names_its_role()
    {
        Expect.Fails(new ValidationKit().Chat(Body("""[{"role":"user","content":"hi"},{"role":"tool","tool_call_id":"call_a","content":"3C"}]""")),
            "messages[1].role", "must be a response to a preceding assistant message with 'tool_calls'");
    }

    [Test]
    public void A_tool_result_after_a_user_message_no_longer_answers_the_earlier_calls()
    {
        const string messages = """
            [{"role":"assistant","content":null,"tool_calls":[{"id":"call_a","type":"function","function":{"name":"f","arguments":"{}"}}]},
             {"role":"user","content":"never mind"},
             {"role":"tool","tool_call_id":"call_a","content":"late"}]
            """;
        Expect.Fails(new ValidationKit().Chat(Body(messages)), "messages[2].role", "preceding assistant message");
    }

    [Test]
    public void A_tool_result_with_an_unknown_id_names_its_tool_call_id()
    {
        const string messages = """
            [{"role":"assistant","content":null,"tool_calls":[{"id":"call_a","type":"function","function":{"name":"f","arguments":"{}"}}]},
             {"role":"tool","tool_call_id":"call_zzz","content":"3C"}]
            """;
        Expect.Fails(new ValidationKit().Chat(Body(messages)), "messages[1].tool_call_id", "'call_zzz' does not match any tool call");
    }

    [Test]
    public void A_deprecated_function_result_is_not_held_to_tool_call_ids()
    {
        Expect.Passes(new ValidationKit().Chat(Body("""[{"role":"user","content":"hi"},{"role":"function","name":"f","content":"3C"}]""")));
    }

    [Test]
    public void More_tools_than_MaxTools_name_tools()
    {
        var kit = new ValidationKit(new ValidationOptions { MaxTools = 1 });
        Expect.Passes(kit.Chat(Body("""[{"role":"user","content":"x"}]""", $",\"tools\":[{Tool("a")}]")));
        Expect.Fails(kit.Chat(Body("""[{"role":"user","content":"x"}]""", $",\"tools\":[{Tool("a")},{Tool("b")}]")), "tools", "at most 1 tools, got 2");
    }

    [TestCase("get weather")]
    [TestCase("get.weather")]
    [TestCase("a_name_that_is_far_too_long_for_openai_because_it_has_more_than_64_chars")]
    public void A_tool_name_outside_the_pattern_names_that_tool(string name)
    {
        Expect.Fails(new ValidationKit().Chat(Body("""[{"role":"user","content":"x"}]""", $",\"tools\":[{Tool("ok")},{Tool(name)}]")),
            "tools[1].function.name", "does not match the pattern");
    }

    [Test]
    public void ToolNamePattern_is_configurable()
    {
        var kit = new ValidationKit(new ValidationOptions { ToolNamePattern = @"^[a-z.]+$" });
        Expect.Passes(kit.Chat(Body("""[{"role":"user","content":"x"}]""", $",\"tools\":[{Tool("get.weather")}]")));
        Expect.Fails(kit.Chat(Body("""[{"role":"user","content":"x"}]""", $",\"tools\":[{Tool("get_weather")}]")), "tools[0].function.name", "^[a-z.]+$");
    }

    [Test]
    public void Two_tools_with_one_name_name_the_second()
    {
        Expect.Fails(new ValidationKit().Chat(Body("""[{"role":"user","content":"x"}]""", $",\"tools\":[{Tool("a")},{Tool("a")}]")),
            "tools[1].function.name", "already defined");
    }

    [TestCase("""{"type":"array"}""", "tools[0].function.parameters.type", "type 'object'")]
    [TestCase("""{"type":"object","properties":[]}""", "tools[0].function.parameters.properties", "expected an object")]
    [TestCase("""{"type":"object","required":"city"}""", "tools[0].function.parameters.required", "array of parameter names")]
    [TestCase("""{"type":"object","required":[1]}""", "tools[0].function.parameters.required", "array of parameter names")]
    public void A_parameters_schema_that_is_not_an_object_schema_names_the_part(string parameters, string param, string message)
    {
        Expect.Fails(new ValidationKit().Chat(Body("""[{"role":"user","content":"x"}]""", $",\"tools\":[{Tool("f", parameters)}]")), param, message);
    }

    [Test]
    public void A_tool_description_that_is_not_a_string_names_it()
    {
        const string tool = """{"type":"function","function":{"name":"f","description":5}}""";
        Expect.Fails(new ValidationKit().Chat(Body("""[{"role":"user","content":"x"}]""", $",\"tools\":[{tool}]")), "tools[0].function.description", "expected a string");
    }

    [Test]
    public void Max_tokens_above_the_context_length_names_the_field_the_client_sent()
    {
        var kit = new ValidationKit();
        const string messages = """[{"role":"user","content":"x"}]""";
        Expect.Passes(kit.Chat(Body(messages, ",\"max_tokens\":4096"), contextLength: 4096));
        Expect.Fails(kit.Chat(Body(messages, ",\"max_tokens\":4097"), contextLength: 4096), "max_tokens", "<= 4096 (the model's context length), got 4097");
        Expect.Fails(kit.Chat(Body(messages, ",\"max_completion_tokens\":5000"), contextLength: 4096), "max_completion_tokens", "<= 4096");
    }

    [Test]
    public void Max_tokens_is_not_capped_when_the_context_length_is_unknown()
    {
        Expect.Passes(new ValidationKit().Chat(Body("""[{"role":"user","content":"x"}]""", ",\"max_tokens\":1000000"), contextLength: null));
    }
}
