using System.Text;
using ModelGateway.Ollama;

namespace ModelGateway.Tests.Ollama;

/// <summary>Which /api bodies Ollama treats as loading or unloading the named model rather than running it.</summary>
public class OllamaLoadRequestTests
{
    static bool IsLoad(OllamaEndpoint endpoint, string body) => OllamaLoadRequest.Is(endpoint, Encoding.UTF8.GetBytes(body));

    [TestCase("""{"model":"m"}""")]
    [TestCase("""{"model":"m","keep_alive":0}""")]
    [TestCase("""{"model":"m","prompt":"","keep_alive":-1}""")]
    [TestCase("""{"model":"m","prompt":null,"options":{"prompt":"nested is not the prompt"}}""")]
    public void Generate_WithoutAPrompt_IsALoad(string body) => Assert.That(IsLoad(OllamaEndpoint.Generate, body), Is.True);

    [TestCase("""{"model":"m"}""")]
    [TestCase("""{"model":"m","messages":[],"keep_alive":0}""")]
    [TestCase("""{"messages":null,"model":"m"}""")]
    public void Chat_WithoutMessages_IsALoad(string body) => Assert.That(IsLoad(OllamaEndpoint.Chat, body), Is.True);

    [TestCase("""{"model":"m"}""")]
    [TestCase("""{"model":"m","input":""}""")]
    [TestCase("""{"model":"m","input":[]}""")]
    public void Embed_WithoutInput_IsALoad(string body) => Assert.That(IsLoad(OllamaEndpoint.Embed, body), Is.True);

    [Test]
    public void RequestsWithWorkToDo_AreNotLoads()
    {
        Assert.That(IsLoad(OllamaEndpoint.Generate, """{"model":"m","prompt":"hi","keep_alive":0}"""), Is.False);
        Assert.That(IsLoad(OllamaEndpoint.Chat, """{"model":"m","messages":[{"role":"user","content":"hi"}]}"""), Is.False);
        Assert.That(IsLoad(OllamaEndpoint.Embed, """{"model":"m","input":["a"]}"""), Is.False);
        Assert.That(IsLoad(OllamaEndpoint.Embeddings, """{"model":"m","prompt":"a"}"""), Is.False);
        Assert.That(IsLoad(OllamaEndpoint.Show, """{"model":"m"}"""), Is.False, "/api/show is no load");
    }

    [TestCase("""{"model":"m","Messages":[{"role":"user","content":"hi"}]}""")]
    [TestCase("""{"model":"m","MESSAGES":[{"role":"user","content":"hi"}]}""")]
    [TestCase("""{"model":"m","\u006dessages":[{"role":"user","content":"hi"}]}""")]
    public void FieldNames_AreMatchedAsOllamasDecoderMatchesThem(string body)
        => Assert.That(IsLoad(OllamaEndpoint.Chat, body), Is.False, "Ollama reads these messages and runs the chat");
}
