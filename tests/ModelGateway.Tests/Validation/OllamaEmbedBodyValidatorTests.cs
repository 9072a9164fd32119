using ModelGateway.Validation;

namespace ModelGateway.Tests.Validation;

public class OllamaEmbedBodyValidatorTests
{
    [TestCase("""{"model":"m","input":"text"}""")]
    [TestCase("""{"model":"m","input":["a","b"],"truncate":false,"dimensions":64,"keep_alive":"1m"}""")]
    [TestCase("""{"model":"m"}""")]
    public void Accepted_embed_bodies_pass(string body)
        => Expect.Passes(new ValidationKit().OllamaEmbed(body));

    [TestCase("""{"model":"m","input":5}""", "input", "expected a string or an array of strings")]
    [TestCase("""{"model":"m","input":{"text":"a"}}""", "input", "expected a string or an array of strings")]
    [TestCase("""{"model":"m","input":["a",[1,2]]}""", "input[1]", "token arrays are not accepted")]
    [TestCase("""{"model":"m","input":["a",null]}""", "input[1]", "expected a string")]
    [TestCase("""{"model":"m","input":"a","dimensions":-1}""", "dimensions", "got -1")]
    [TestCase("""{"model":"m","input":"a","truncate":"no"}""", "truncate", "expected true or false")]
    [TestCase("""{"model":"m","input":"a","keep_alive":"10"}""", "keep_alive", "duration")]
    public void Bad_embed_bodies_are_named(string body, string param, string message)
        => Expect.Fails(new ValidationKit().OllamaEmbed(body), param, message);

    [Test]
    public void More_inputs_than_MaxEmbeddingInputs_name_input()
        => Expect.Fails(new ValidationKit(new ValidationOptions { MaxEmbeddingInputs = 1 }).OllamaEmbed("""{"model":"m","input":["a","b"]}"""),
            "input", "at most 1 inputs, got 2");

    [Test]
    public void An_input_longer_than_MaxContentCharacters_is_named_by_position()
    {
        var kit = new ValidationKit(new ValidationOptions { MaxContentCharacters = 2 });
        Expect.Fails(kit.OllamaEmbed("""{"model":"m","input":["ab","abc"]}"""), "input[1]", "at most 2 characters, got 3");
        Expect.Fails(kit.OllamaEmbed("""{"model":"m","input":"abc"}"""), "input", "at most 2 characters");
    }
}
