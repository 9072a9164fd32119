using ModelGateway.Transforms.Ollama;

namespace ModelGateway.Tests.Transforms.Ollama;

public class OllamaModelNameTests
{
    [TestCase("llama3.2", "llama3.2:latest")]
    [TestCase("llama3.2:1b", "llama3.2:1b")]
    [TestCase("registry.ollama.ai/library/x:1b", "x:1b")]
    [TestCase("library/x", "x:latest")]
    [TestCase("myuser/tiny", "myuser/tiny:latest")]
    [TestCase("hf.co/bartowski/Qwen2.5-7B-Instruct-GGUF:Q4_K_M", "hf.co/bartowski/Qwen2.5-7B-Instruct-GGUF:Q4_K_M")]
    [TestCase("localhost:5000/ns/model", "localhost:5000/ns/model:latest")]
    [TestCase("  llama3.2  ", "llama3.2:latest")]
    public void Normalize_GivesOllamasDisplayForm(string input, string expected) =>
        Assert.That(OllamaModelName.Normalize(input), Is.EqualTo(expected));

    [TestCase("Llama3.2", "llama3.2:latest")]
    [TestCase("REGISTRY.OLLAMA.AI/library/llama3.2:LATEST", "llama3.2")]
    public void AreSame_ComparesCaseInsensitivelyAfterNormalising(string a, string b)
    {
        Assert.That(OllamaModelName.AreSame(a, b), Is.True);
        Assert.That(OllamaModelName.Comparer.GetHashCode(a), Is.EqualTo(OllamaModelName.Comparer.GetHashCode(b)));
    }

    [Test]
    public void DifferentTags_AreDifferentModels() => Assert.That(OllamaModelName.AreSame("llama3.2:1b", "llama3.2"), Is.False);

    [TestCase("")]
    [TestCase("a/b/c/d")]
    [TestCase("bad name")]
    [TestCase("x:")]
    public void InvalidNames_DoNotParse(string input) => Assert.That(OllamaModelName.TryParse(input, out _), Is.False);

    [Test]
    public void Parts_AreExposed()
    {
        Assert.That(OllamaModelName.TryParse("hf.co/bartowski/repo:Q4", out var name), Is.True);
        Assert.That(name, Is.EqualTo(new OllamaModelName("hf.co", "bartowski", "repo", "Q4")));
    }
}
