using ModelGateway.Validation;

namespace ModelGateway.Tests.Validation;

public class OllamaEmbeddingsAndShowBodyValidatorTests
{
    [Test]
    public void Accepted_embeddings_and_show_bodies_pass()
    {
        var kit = new ValidationKit();
        Expect.Passes(kit.OllamaEmbeddings("""{"model":"m","prompt":"text","options":{"num_ctx":512},"keep_alive":"5m"}"""));
        Expect.Passes(kit.OllamaShow("""{"model":"m","verbose":true,"system":"s","options":{}}"""));
        Expect.Passes(kit.OllamaShow("""{"name":"m"}"""));
    }

    [Test]
    public void An_embeddings_prompt_longer_than_MaxContentCharacters_is_named()
        => Expect.Fails(new ValidationKit(new ValidationOptions { MaxContentCharacters = 1 }).OllamaEmbeddings("""{"model":"m","prompt":"ab"}"""),
            "prompt", "at most 1 characters");

    [Test]
    public void An_embeddings_prompt_that_is_an_array_is_named()
        => Expect.Fails(new ValidationKit().OllamaEmbeddings("""{"model":"m","prompt":["a"]}"""), "prompt", "expected a string");

    [Test]
    public void A_bad_embeddings_keep_alive_is_named()
        => Expect.Fails(new ValidationKit().OllamaEmbeddings("""{"model":"m","prompt":"a","keep_alive":[]}"""), "keep_alive", "duration");

    [Test]
    public void A_show_verbose_that_is_not_a_boolean_is_named()
        => Expect.Fails(new ValidationKit().OllamaShow("""{"model":"m","verbose":"yes"}"""), "verbose", "expected true or false");

    [Test]
    public void A_show_system_longer_than_MaxContentCharacters_is_named()
        => Expect.Fails(new ValidationKit(new ValidationOptions { MaxContentCharacters = 1 }).OllamaShow("""{"model":"m","system":"ab"}"""), "system", "at most 1");
}
