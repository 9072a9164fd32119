using ModelGateway.Routing;
using ModelGateway.Transforms.Ollama;

namespace ModelGateway.Tests.Routing;

public class ModelNameTests
{
    static readonly string Part80 = new('a', 80);

    [TestCase("llama3.2:3b")]
    [TestCase("qwen2.5-coder:0.5b-instruct_q4")]
    [TestCase("Llama3.2:3B")]
    [TestCase("llama3.2")]
    [TestCase(" llama3.2:3b ")]
    [TestCase("library/llama3.2:3b")]
    [TestCase("registry.ollama.ai/library/llama3.2:latest")]
    [TestCase("localhost:5000/team/model:tag")]
    [TestCase("a:b:c")]
    [TestCase(":3b")]
    [TestCase("llama3.2:")]
    [TestCase("llama 3:3b")]
    [TestCase("llama3.2:3b!")]
    [TestCase("ünicode:1b")]
    [TestCase("")]
    public void Normalize_AgreesWithOllamasDisplayFormLowerCased(string name)
        => Assert.That(ModelName.Normalize(name), Is.EqualTo(OllamaModelName.Normalize(name).ToLowerInvariant()));

    [Test]
    public void Normalize_AtThePartLengthLimit_AgreesToo()
    {
        foreach (var name in new[] { Part80 + ":" + Part80, Part80 + "a:1b", "m:" + Part80 + "a" })
            Assert.That(ModelName.Normalize(name), Is.EqualTo(OllamaModelName.Normalize(name).ToLowerInvariant()), name);
    }

    [Test]
    public void ANameAlreadyInNormalForm_IsReturnedAsIs()
    {
        var name = string.Concat("llama3.2", ":3b");
        Assert.That(ModelName.Normalize(name), Is.SameAs(name));
    }
}
