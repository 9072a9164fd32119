using System.Text;
using ModelGateway.Transforms.Models;
using static ModelGateway.Tests.Transforms.TranslationRun;

namespace ModelGateway.Tests.Transforms.Models;

/// <summary>Mapping doc §11 and golden fixture F12.</summary>
public class ModelListTests
{
    const string F12Tags = """
        {"models":[{"name":"llama3.2:latest","model":"llama3.2:latest","modified_at":"2025-05-04T17:37:44.706015396-07:00","size":2019393189,"digest":"a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72","details":{"parent_model":"","format":"gguf","family":"llama","families":["llama"],"parameter_size":"3.2B","quantization_level":"Q4_K_M"}},{"name":"hf.co/bartowski/Qwen2.5-7B-Instruct-GGUF:Q4_K_M","model":"hf.co/bartowski/Qwen2.5-7B-Instruct-GGUF:Q4_K_M","modified_at":"2025-05-10T08:06:48.639712648-07:00","size":4683075271,"digest":"0a8c266910232fd3291e71e5ba1e058cc5af9d411192cf88b6d30e92b6e73163","details":{"parent_model":"","format":"gguf","family":"qwen2","families":["qwen2"],"parameter_size":"7.6B","quantization_level":"Q4_K_M"}}]}
        """;

    static string List(string tags)
    {
        Assert.That(OllamaTagsReader.TryRead(Encoding.UTF8.GetBytes(tags), out var entries), Is.True);
        return Written(output => OpenAIModelListWriter.WriteList(entries.Select(OpenAIModel.FromOllama), output));
    }

    [Test]
    public void F12_Tags_BecomeOpenAIModelList() =>
        new JsonShape().AssertSame(
            """{"object":"list","data":[{"id":"llama3.2:latest","object":"model","created":1746405464,"owned_by":"library"},{"id":"hf.co/bartowski/Qwen2.5-7B-Instruct-GGUF:Q4_K_M","object":"model","created":1746889608,"owned_by":"bartowski"}]}""",
            List(F12Tags));

    [TestCase("""{"models":[]}""")]
    [TestCase("""{"models":null}""")]
    public void F12_NoModels_IsAnEmptyArrayNotNull(string tags) =>
        Assert.That(List(tags), Is.EqualTo("""{"object":"list","data":[]}"""));

    [Test]
    public void Alias_IsListedWithTheTargetsDateAndOwner()
    {
        var target = OpenAIModel.FromOllama("llama3.2:latest", "2025-05-04T17:37:44.706015396-07:00");
        var json = Written(output => OpenAIModelListWriter.WriteList([target, target.AsAlias("gpt-4o")], output));
        new JsonShape().AssertSame(
            """{"object":"list","data":[{"id":"llama3.2:latest","object":"model","created":1746405464,"owned_by":"library"},{"id":"gpt-4o","object":"model","created":1746405464,"owned_by":"library"}]}""",
            json);
    }

    [Test]
    public void SingleModel_IsOneModelObject() =>
        new JsonShape().AssertSame(
            """{"id":"myuser/tiny:1b","object":"model","created":1734718272,"owned_by":"myuser"}""",
            Written(output => OpenAIModelListWriter.WriteModel(OpenAIModel.FromOllama("myuser/tiny:1b", "2024-12-20T10:11:12.123456789-08:00"), output)));

    [Test]
    public void NotATagsBody_IsReported() =>
        Assert.That(OllamaTagsReader.TryRead("404 page not found"u8, out _), Is.False);
}
