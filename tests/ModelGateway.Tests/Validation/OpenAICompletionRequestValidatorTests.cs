using ModelGateway.Validation;

namespace ModelGateway.Tests.Validation;

public class OpenAICompletionRequestValidatorTests
{
    [Test]
    public void A_prompt_and_limit_within_bounds_pass()
        => Expect.Passes(new ValidationKit().Completion("""{"model":"m","prompt":"Once upon","max_tokens":16}""", contextLength: 2048));

    [Test]
    public void A_prompt_longer_than_MaxContentCharacters_names_prompt()
    {
        var kit = new ValidationKit(new ValidationOptions { MaxContentCharacters = 4 });
        Expect.Passes(kit.Completion("""{"model":"m","prompt":"abcd"}"""));
        Expect.Fails(kit.Completion("""{"model":"m","prompt":"abcde"}"""), "prompt", "at most 4 characters, got 5");
        Expect.Fails(kit.Completion("""{"model":"m","prompt":"ab","suffix":"cde"}"""), "prompt", "got 5");
    }

    [Test]
    public void Max_tokens_above_the_context_length_names_max_tokens()
    {
        var kit = new ValidationKit();
        Expect.Passes(kit.Completion("""{"model":"m","prompt":"x","max_tokens":2048}""", contextLength: 2048));
        Expect.Fails(kit.Completion("""{"model":"m","prompt":"x","max_tokens":2049}""", contextLength: 2048), "max_tokens", "<= 2048");
    }
}
