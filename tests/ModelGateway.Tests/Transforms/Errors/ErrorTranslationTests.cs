using System.Text;
using ModelGateway.Transforms.Errors;

namespace ModelGateway.Tests.Transforms.Errors;

/// <summary>Mapping doc §8 and golden fixture F14 a–c: native status + body → OpenAI status + envelope.</summary>
public class ErrorTranslationTests
{
    static (int Status, string Body) Translate(int status, string body, string model)
    {
        var error = OllamaErrorTranslator.Translate(status, Encoding.UTF8.GetBytes(body), model);
        return (error.Status, Encoding.UTF8.GetString(OpenAIErrorWriter.ToBytes(error)));
    }

    [Test]
    public void F14a_ModelNotFound_Is404ModelNotFound()
    {
        var (status, body) = Translate(404, """{"error":"model 'nope' not found"}""", "nope");
        Assert.That(status, Is.EqualTo(404));
        new JsonShape().AssertSame(
            """{"error":{"message":"The model `nope` does not exist or you do not have access to it.","type":"invalid_request_error","param":"model","code":"model_not_found"}}""", body);
    }

    [Test]
    public void F14b_ToolsUnsupported_Is400WithParamTools_NamingTheRequestedModel()
    {
        var (status, body) = Translate(400, """{"error":"registry.ollama.ai/library/gemma3:latest does not support tools"}""", "gemma3");
        Assert.That(status, Is.EqualTo(400));
        new JsonShape().AssertSame(
            """{"error":{"message":"The model `gemma3` does not support tools.","type":"invalid_request_error","param":"tools","code":null}}""", body);
    }

    [TestCase("registry.ollama.ai/library/llama3.2:3b does not support insert", "insert", "suffix")]
    [TestCase("\"llama3.2:3b\" does not support thinking", "thinking", "reasoning_effort")]
    [TestCase("\"llama3.2:3b\" does not support embeddings", "embeddings", "model")]
    [TestCase("\"all-minilm:latest\" does not support chat", "chat", "model")]
    public void MissingCapability_NamesTheModelTheClientSent(string message, string capability, string param)
    {
        var error = OllamaErrorTranslator.Translate(400, message, "gpt-4o-mini");
        Assert.That((error.Status, error.Type, error.Param, error.Message),
            Is.EqualTo((400, "invalid_request_error", param, $"The model `gpt-4o-mini` does not support {capability}.")));
    }

    [Test]
    public void F14c_ServerBusy_Is503ServerBusy()
    {
        var (status, body) = Translate(503, """{"error":"server busy, please try again.  maximum pending requests exceeded"}""", "llama3.2");
        Assert.That(status, Is.EqualTo(503));
        new JsonShape().AssertSame(
            """{"error":{"message":"All workers serving llama3.2 are busy; retry later.","type":"server_error","param":null,"code":"server_busy"}}""", body);
    }

    [Test]
    public void WorkerFailure500_Is502WithTheMessageKept()
    {
        var (status, body) = Translate(500, """{"error":"llama runner process has terminated: exit status 2"}""", "m");
        Assert.That(status, Is.EqualTo(502));
        new JsonShape().AssertSame(
            """{"error":{"message":"llama runner process has terminated: exit status 2","type":"server_error","param":null,"code":null}}""", body);
    }

    [TestCase("invalid think value: \"max\" (must be \"high\", \"medium\", \"low\", true, or false)", "reasoning_effort")]
    [TestCase("raw mode does not support template, system, or context", null)]
    [TestCase("invalid model name", "model")]
    [TestCase("top_logprobs must be between 0 and 20", "top_logprobs")]
    [TestCase("json: cannot unmarshal number into Go struct field", null)]
    public void Native400_InfersTheParam(string message, string? param)
    {
        var error = OllamaErrorTranslator.Translate(400, Encoding.UTF8.GetBytes($$"""{"error":{{System.Text.Json.JsonSerializer.Serialize(message)}}}"""), "m");
        Assert.That((error.Status, error.Type, error.Param, error.Message), Is.EqualTo((400, "invalid_request_error", param, message)));
    }

    [Test]
    public void NonJson404_IsABadGatewayNotModelNotFound()
    {
        var error = OllamaErrorTranslator.Translate(404, "404 page not found"u8, "m");
        Assert.That((error.Status, error.Type, error.Code), Is.EqualTo((502, "server_error", (string?)null)));
        Assert.That(error.Message, Does.Contain("404 page not found"));
    }

    [Test]
    public void GatewayErrors_AreWrittenWithAllFourKeys() =>
        new JsonShape().AssertSame(
            """{"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}""",
            TranslationRun.Written(output => OpenAIErrorWriter.Write(output, "Rate limit reached", "requests", code: "rate_limit_exceeded")));

    [Test]
    public void NativeErrorBody_IsAStringField() =>
        Assert.That(Encoding.UTF8.GetString(OllamaErrorWriter.ToBytes("model \"x\" not found, try pulling it first")),
            Is.EqualTo("""{"error":"model \"x\" not found, try pulling it first"}"""));
}
