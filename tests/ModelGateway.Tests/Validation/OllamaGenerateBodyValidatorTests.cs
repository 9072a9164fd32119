using ModelGateway.Validation;

namespace ModelGateway.Tests.Validation;

public class OllamaGenerateBodyValidatorTests
{
    [Test]
    public void A_full_native_generate_body_passes()
        => Expect.Passes(new ValidationKit().OllamaGenerate("""
            {"model":"m","prompt":"why?","suffix":"","system":"s","template":"{{ .Prompt }}","context":[1,2,3],"stream":true,"raw":false,
             "format":"json","images":["iVBORw0KGgo="],"options":{"num_predict":5},"keep_alive":0,"think":false,"logprobs":true,"top_logprobs":3}
            """));

    [Test]
    public void The_load_request_without_a_prompt_passes()
        => Expect.Passes(new ValidationKit().OllamaGenerate("""{"model":"m"}"""));

    [TestCase("prompt")]
    [TestCase("suffix")]
    [TestCase("system")]
    [TestCase("template")]
    public void A_text_field_longer_than_MaxContentCharacters_is_named(string field)
        => Expect.Fails(new ValidationKit(new ValidationOptions { MaxContentCharacters = 3 }).OllamaGenerate($$"""{"model":"m","{{field}}":"abcd"}"""),
            field, "at most 3 characters, got 4");

    [Test]
    public void Context_that_is_not_integers_is_named_by_position()
        => Expect.Fails(new ValidationKit().OllamaGenerate("""{"model":"m","context":[1,"two"]}"""), "context[1]", "expected an integer");

    [Test]
    public void More_images_than_MaxImages_name_images()
        => Expect.Fails(new ValidationKit(new ValidationOptions { MaxImages = 1 }).OllamaGenerate("""{"model":"m","images":["iVBORw0KGgo=","iVBORw0KGgo="]}"""),
            "images", "at most 1, got 2");

    [Test]
    public void A_bad_image_is_named()
        => Expect.Fails(new ValidationKit().OllamaGenerate("""{"model":"m","images":["%%%"]}"""), "images[0]", "not valid base64");

    [Test]
    public void Images_as_a_single_string_are_named()
        => Expect.Fails(new ValidationKit().OllamaGenerate("""{"model":"m","images":"iVBORw0KGgo="}"""), "images", "expected an array of strings");

    [Test]
    public void An_invalid_format_is_named()
        => Expect.Fails(new ValidationKit().OllamaGenerate("""{"model":"m","prompt":"x","format":"xml"}"""), "format", "got \"xml\"");

    [Test]
    public void A_bad_think_value_is_named()
        => Expect.Fails(new ValidationKit().OllamaGenerate("""{"model":"m","prompt":"x","think":"lots"}"""), "think", "expected true, false");
}
