using System.Text;
using System.Text.Json.Nodes;
using ModelGateway.Forwarding;

namespace ModelGateway.Tests.Forwarding;

public class ModelFieldTests
{
    static (ModelField, string?) Find(string json) => ModelField.Find(Encoding.UTF8.GetBytes(json));

    [Test]
    public void FindsTopLevelModel_AfterNestedObjectsThatAlsoHaveAModelKey()
    {
        var (field, error) = Find("""{"messages":[{"role":"user","content":"hi","model":"inner"}],"options":{"model":"x"},"model":"llama3.2"}""");
        Assert.That(error, Is.Null);
        Assert.That(field.Value, Is.EqualTo("llama3.2"));
    }

    [Test]
    public void FallsBackToDeprecatedName() => Assert.That(Find("""{"name":"llava"}""").Item1.Value, Is.EqualTo("llava"));

    // Ollama's Go decoder matches field names ignoring case and keeps the last of repeated ones: the model the key is
    // checked against must be the one the worker will run.
    [TestCase("""{"model":"allowed:1b","MODEL":"other:7b"}""", "other:7b")]
    [TestCase("""{"Model":"other:7b","name":"allowed:1b"}""", "other:7b")]
    [TestCase("""{"\u004dodel":"other:7b"}""", "other:7b")]
    [TestCase("""{"NaMe":"other:7b"}""", "other:7b")]
    [TestCase("""{"MODEL":"other:7b","model":"allowed:1b"}""", "allowed:1b")]
    public void FindsTheModelAsOllamasDecoderDoes(string json, string expected)
        => Assert.That(Find(json).Item1.Value, Is.EqualTo(expected));

    [Test]
    public void OpenAIBodies_MatchTheNameExactly_AsTheirDecodersDo()
        => Assert.That(ModelField.Find(Encoding.UTF8.GetBytes("""{"model":"allowed:1b","Model":"other:7b"}"""), ignoreCase: false).Item1.Value, Is.EqualTo("allowed:1b"));

    [TestCase("{\"model\":", "invalid JSON")]
    [TestCase("[1,2]", "cannot unmarshal array")]
    [TestCase("{\"model\":42}", "cannot unmarshal number into Go struct field .model of type string")]
    public void MalformedBodies_GiveDecoderStyleErrors(string json, string expected)
        => Assert.That(Find(json).Item2, Does.Contain(expected));

    [Test]
    public void Replace_SplicesOnlyTheModelValue_LeavingTheRestByteForByte()
    {
        const string json = """{"model" : "chat","messages":[{"role":"user","content":"model \"chat\""}],"stream":false}""";
        var bytes = Encoding.UTF8.GetBytes(json);
        var (field, _) = ModelField.Find(bytes);
        var rewritten = Encoding.UTF8.GetString(field.Replace(bytes, "llama3.2:3b"));
        Assert.That(rewritten, Is.EqualTo(json.Replace("\"model\" : \"chat\"", "\"model\" : \"llama3.2:3b\"")));
        Assert.That(JsonNode.Parse(rewritten)!["model"]!.GetValue<string>(), Is.EqualTo("llama3.2:3b"));
    }
}
