using ModelGateway.Validation;

namespace ModelGateway.Tests.Validation;

public class OpenAIEmbeddingRequestValidatorTests
{
    [Test]
    public void Inputs_within_bounds_pass()
        => Expect.Passes(new ValidationKit().Embedding("""{"model":"m","input":["a","b"]}"""));

    [Test]
    public void More_inputs_than_MaxEmbeddingInputs_name_input()
    {
        var kit = new ValidationKit(new ValidationOptions { MaxEmbeddingInputs = 2 });
        Expect.Passes(kit.Embedding("""{"model":"m","input":["a","b"]}"""));
        Expect.Fails(kit.Embedding("""{"model":"m","input":["a","b","c"]}"""), "input", "at most 2 inputs, got 3");
    }

    [Test]
    public void An_input_longer_than_MaxContentCharacters_is_named_by_position()
    {
        var kit = new ValidationKit(new ValidationOptions { MaxContentCharacters = 3 });
        Expect.Fails(kit.Embedding("""{"model":"m","input":["abc","abcd"]}"""), "input", "input 1 has 4 characters, at most 3");
        Expect.Fails(kit.Embedding("""{"model":"m","input":"abcd"}"""), "input", "input 0 has 4 characters");
    }
}
