namespace ModelGateway.Tests.Validation;

public class OllamaOptionsRuleTests
{
    static string WithOptions(string options) => $$"""{"model":"m","prompt":"x","options":{{options}}}""";

    [TestCase("""{"stop":"\n"}""", "options.stop", "expected an array of strings")]
    [TestCase("""{"stop":["a",1]}""", "options.stop", "expected an array of strings")]
    [TestCase("""{"temperature":"hot"}""", "options.temperature", "expected a number")]
    [TestCase("""{"top_k":"40"}""", "options.top_k", "expected an integer")]
    [TestCase("""{"num_ctx":1e20}""", "options.num_ctx", "out of range")]
    [TestCase("""{"use_mmap":"yes"}""", "options.use_mmap", "expected true or false")]
    public void A_known_option_of_the_wrong_type_is_named(string options, string param, string message)
        => Expect.Fails(new ValidationKit().OllamaGenerate(WithOptions(options)), param, message);

    [TestCase("""{"temperature":2.5}""", "options.temperature", "between 0 and 2, got 2.5")]
    [TestCase("""{"temperature":-0.1}""", "options.temperature", "between 0 and 2")]
    [TestCase("""{"top_p":1.5}""", "options.top_p", "between 0 and 1")]
    [TestCase("""{"min_p":-1}""", "options.min_p", "between 0 and 1")]
    [TestCase("""{"top_k":-5}""", "options.top_k", ">= 0")]
    [TestCase("""{"num_ctx":0}""", "options.num_ctx", ">= 1")]
    [TestCase("""{"num_predict":0}""", "options.num_predict", "-1 (no limit), -2 (fill the context) or a value >= 1, got 0")]
    [TestCase("""{"num_predict":-3}""", "options.num_predict", "got -3")]
    public void A_known_option_out_of_range_is_named(string options, string param, string message)
        => Expect.Fails(new ValidationKit().OllamaGenerate(WithOptions(options)), param, message);

    [TestCase("""{"num_predict":-1}""")]
    [TestCase("""{"num_predict":-2}""")]
    [TestCase("""{"num_predict":10.7}""")]
    [TestCase("""{"temperature":0,"top_p":1,"seed":-1,"num_ctx":null}""")]
    [TestCase("""{"mirostat_whatever":"ignored by Ollama"}""")]
    [TestCase("""{}""")]
    [TestCase("""null""")]
    public void Values_Ollama_accepts_pass(string options)
        => Expect.Passes(new ValidationKit().OllamaGenerate(WithOptions(options)));

    [Test]
    public void Options_that_are_not_an_object_are_named()
        => Expect.Fails(new ValidationKit().OllamaGenerate(WithOptions("[1]")), "options", "expected an object");

    [Test]
    public void Num_predict_above_the_context_length_is_named()
    {
        var kit = new ValidationKit();
        Expect.Passes(kit.OllamaGenerate(WithOptions("""{"num_predict":2048}"""), contextLength: 2048));
        Expect.Fails(kit.OllamaGenerate(WithOptions("""{"num_predict":2049}"""), contextLength: 2048), "options.num_predict", "<= 2048 (the model's context length)");
        Expect.Passes(kit.OllamaGenerate(WithOptions("""{"num_predict":-1}"""), contextLength: 2048));
    }

    [Test]
    public void The_same_rule_applies_on_chat_embed_embeddings_and_show()
    {
        var kit = new ValidationKit();
        const string options = """{"stop":"x"}""";
        Expect.Fails(kit.OllamaChat($$"""{"model":"m","options":{{options}}}"""), "options.stop", "array of strings");
        Expect.Fails(kit.OllamaEmbed($$"""{"model":"m","input":"x","options":{{options}}}"""), "options.stop", "array of strings");
        Expect.Fails(kit.OllamaEmbeddings($$"""{"model":"m","prompt":"x","options":{{options}}}"""), "options.stop", "array of strings");
        Expect.Fails(kit.OllamaShow($$"""{"model":"m","options":{{options}}}"""), "options.stop", "array of strings");
    }
}
