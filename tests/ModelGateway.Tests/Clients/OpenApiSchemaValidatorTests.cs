using System.Text.Json.Nodes;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Clients;

/// <summary>The schema checker the client tests rely on: it must accept what OpenAI sends and reject near misses.</summary>
public class OpenApiSchemaValidatorTests
{
    static OpenApiSchemaValidator OpenAI => OpenApiSchemaValidator.OpenAI;

    const string ChatCompletion = """
        {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"llama3.2:3b",
         "choices":[{"index":0,"message":{"role":"assistant","content":"hi","refusal":null},"logprobs":null,"finish_reason":"stop"}],
         "usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}
        """;

    static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    [Test]
    public void ChatCompletion_AsOpenAISendsIt_IsValid()
        => Assert.That(OpenAI.Validate("CreateChatCompletionResponse", ChatCompletion), Is.Empty);

    [Test]
    public void ChatCompletion_WithNullFinishReason_IsRejectedAtThatPath()
    {
        var doc = Parse(ChatCompletion);
        doc["choices"]![0]!["finish_reason"] = null;
        var violations = OpenAI.Validate("CreateChatCompletionResponse", doc);
        Assert.That(violations, Has.Some.StartsWith("$.choices[0].finish_reason:"));
    }

    [Test]
    public void ChatCompletion_WithoutMessageRefusal_IsRejected()
    {
        var doc = Parse(ChatCompletion);
        doc["choices"]![0]!["message"]!.AsObject().Remove("refusal");
        Assert.That(OpenAI.Validate("CreateChatCompletionResponse", doc),
            Has.Some.EqualTo("$.choices[0].message: required property 'refusal' is missing"));
    }

    [Test]
    public void ChatCompletion_WithFractionalCreated_IsRejectedAsNotInteger()
    {
        var doc = Parse(ChatCompletion);
        doc["created"] = 1700000000.5;
        Assert.That(OpenAI.Validate("CreateChatCompletionResponse", doc), Has.Some.EqualTo("$.created: expected integer, got number"));
    }

    [Test]
    public void ChatCompletion_WithWrongObjectEnum_IsRejected()
    {
        var doc = Parse(ChatCompletion);
        doc["object"] = "chat.completion.chunk";
        Assert.That(OpenAI.Validate("CreateChatCompletionResponse", doc), Has.Some.StartsWith("$.object: \"chat.completion.chunk\" is not one of"));
    }

    [Test]
    public void StreamChunk_WithNullFinishReasonAndNullUsage_IsValidBecauseBothAreNullable()
    {
        const string chunk = """
            {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"m",
             "choices":[{"index":0,"delta":{"role":"assistant","content":"h"},"logprobs":null,"finish_reason":null}],"usage":null}
            """;
        Assert.That(OpenAI.Validate("CreateChatCompletionStreamResponse", chunk), Is.Empty);
    }

    [Test]
    public void StreamChunk_ToolCallDeltaWithoutIndex_IsRejected()
    {
        const string chunk = """
            {"id":"c","object":"chat.completion.chunk","created":1,"model":"m",
             "choices":[{"index":0,"delta":{"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]},"finish_reason":null}]}
            """;
        Assert.That(OpenAI.Validate("CreateChatCompletionStreamResponse", chunk),
            Has.Some.EqualTo("$.choices[0].delta.tool_calls[0]: required property 'index' is missing"));
    }

    [Test]
    public void ToolCalls_FunctionCallMatchesExactlyOneOneOfBranch_AndMalformedCallMatchesNone()
    {
        var doc = Parse(ChatCompletion);
        var message = doc["choices"]![0]!["message"]!.AsObject();
        message["tool_calls"] = new JsonArray(Parse("""{"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}"""));
        Assert.That(OpenAI.Validate("CreateChatCompletionResponse", doc), Is.Empty);

        message["tool_calls"] = new JsonArray(Parse("""{"id":"call_1","type":"function","function":{"name":"f","arguments":{}}}"""));
        Assert.That(OpenAI.Validate("CreateChatCompletionResponse", doc), Has.Some.StartsWith("$.choices[0].message.tool_calls[0]: matches none of oneOf"));
    }

    [Test]
    public void Model_WithoutOwnedBy_IsRejected()
        => Assert.That(OpenAI.Validate("Model", """{"id":"llama3.2:3b","object":"model","created":0}"""),
            Is.EqualTo(new[] { "$: required property 'owned_by' is missing" }));

    [Test]
    public void ListModels_WithValidModel_IsValid()
        => Assert.That(OpenAI.Validate("ListModelsResponse", """{"object":"list","data":[{"id":"a","object":"model","created":0,"owned_by":"library"}]}"""), Is.Empty);

    [Test]
    public void ErrorResponse_NeedsParamAndCodePresentButAcceptsNull()
    {
        Assert.That(OpenAI.Validate("ErrorResponse", """{"error":{"message":"m","type":"invalid_request_error","param":null,"code":null}}"""), Is.Empty);
        Assert.That(OpenAI.Validate("ErrorResponse", """{"error":{"message":"m","type":"invalid_request_error"}}"""),
            Is.EquivalentTo(new[] { "$.error: required property 'param' is missing", "$.error: required property 'code' is missing" }));
    }

    [Test]
    public void Embedding_WithStringElements_IsRejected()
        => Assert.That(OpenAI.Validate("CreateEmbeddingResponse",
                """{"object":"list","model":"m","data":[{"object":"embedding","index":0,"embedding":[0.5,"x"]}],"usage":{"prompt_tokens":1,"total_tokens":1}}"""),
            Is.EqualTo(new[] { "$.data[0].embedding[1]: expected number, got string" }));

    [Test]
    public void Metadata_AdditionalPropertiesSchema_AppliesToEveryExtraKey()
    {
        var doc = Parse(ChatCompletion);
        doc["metadata"] = Parse("""{"a":"x","b":2}""");
        Assert.That(OpenAI.Validate("CreateChatCompletionResponse", doc), Has.Some.StartsWith("$.metadata: matches none of anyOf"));
    }

    [Test]
    public void UnknownSchemaName_Throws()
        => Assert.That(() => OpenAI.Validate("NoSuchSchema", "{}"), Throws.ArgumentException);

    // Keywords the OpenAI document uses rarely (or in shapes not worth hunting for) are checked on a small document.
    static readonly OpenApiSchemaValidator Small = new(Parse("""
        {"components":{"schemas":{
          "Closed":{"type":"object","properties":{"a":{"type":["string","null"]}},"additionalProperties":false},
          "Both":{"allOf":[{"$ref":"#/components/schemas/HasA"},{"type":"object","required":["b"]}]},
          "HasA":{"type":"object","required":["a"]},
          "Ambiguous":{"oneOf":[{"type":"string"},{"type":"string","enum":["x"]}]},
          "Fixed":{"const":"v1"}
        }}}
        """));

    [Test]
    public void AdditionalPropertiesFalse_RejectsUnknownKeys_AndTypeArrayAllowsNull()
    {
        Assert.That(Small.Validate("Closed", """{"a":null}"""), Is.Empty);
        Assert.That(Small.Validate("Closed", """{"a":"s","z":1}"""), Is.EqualTo(new[] { "$.z: property is not allowed here" }));
        Assert.That(Small.Validate("Closed", """{"a":1}"""), Is.EqualTo(new[] { "$.a: expected string or null, got integer" }));
    }

    [Test]
    public void AllOf_RequiresEveryPart()
    {
        Assert.That(Small.Validate("Both", """{"a":1,"b":2}"""), Is.Empty);
        Assert.That(Small.Validate("Both", """{"b":2}"""), Is.EqualTo(new[] { "$: required property 'a' is missing" }));
    }

    [Test]
    public void OneOf_MatchingTwoBranches_IsRejected()
    {
        Assert.That(Small.Validate("Ambiguous", "\"y\""), Is.Empty);
        Assert.That(Small.Validate("Ambiguous", "\"x\""), Has.One.Contains("matches 2 branches of oneOf"));
    }

    [Test]
    public void Const_RejectsOtherValues()
    {
        Assert.That(Small.Validate("Fixed", "\"v1\""), Is.Empty);
        Assert.That(Small.Validate("Fixed", "\"v2\""), Has.One.StartsWith("$: \"v2\" is not the constant"));
    }
}
