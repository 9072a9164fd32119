using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using ModelGateway.Transforms.Embeddings;
using ModelGateway.Transforms.Ollama;
using static ModelGateway.Tests.Transforms.TranslationRun;

namespace ModelGateway.Tests.Transforms.Embeddings;

/// <summary>Mapping doc §10 and golden fixture F11.</summary>
public class EmbeddingGoldenTests
{
    const string F11NativeResponse = """
        {"model":"all-minilm","embeddings":[[0.6,0.8],[-0.6,0.8]],"total_duration":14143917,"load_duration":1019500,"prompt_eval_count":4}
        """;

    static EmbeddingRequest Parse(string json)
    {
        var ok = EmbeddingRequestParser.TryParse(Encoding.UTF8.GetBytes(json), out var request, out var error);
        Assert.That(ok, Is.True, () => error!.Message);
        return request!;
    }

    static string Native(EmbeddingRequest request, string version = "0.33.0") =>
        Encoding.UTF8.GetString(OllamaEmbedRequestWriter.ToBytes(request, "all-minilm", OllamaWorkerFeatures.FromVersion(version)));

    static string Respond(EmbeddingRequest request, string native) => Written(output =>
    {
        var result = EmbeddingResponseTranslator.Translate(Encoding.UTF8.GetBytes(native), request, output);
        Assert.That(result.Succeeded, Is.True, result.ErrorMessage);
    });

    [Test]
    public void F11_Base64_RequestAndResponseMatch()
    {
        var request = Parse("""{"model":"all-minilm","input":["a","b"],"encoding_format":"base64"}""");
        new JsonShape().AssertSame("""{"model":"all-minilm","input":["a","b"]}""", Native(request));
        new JsonShape().AssertSame(
            """{"object":"list","data":[{"object":"embedding","embedding":"mpkZP83MTD8=","index":0},{"object":"embedding","embedding":"mpkZv83MTD8=","index":1}],"model":"all-minilm","usage":{"prompt_tokens":4,"total_tokens":4}}""",
            Respond(request, F11NativeResponse));
    }

    [TestCase("""{"model":"all-minilm","input":["a","b"],"encoding_format":"float"}""")]
    [TestCase("""{"model":"all-minilm","input":["a","b"]}""")]
    public void F11_Float_WritesShortestRoundTripNumbers(string body)
    {
        var json = Respond(Parse(body), F11NativeResponse);
        Assert.That(json, Does.Contain("\"embedding\":[0.6,0.8]").And.Contain("\"embedding\":[-0.6,0.8]"));
    }

    [Test]
    public void SingleStringInput_StaysAString() =>
        new JsonShape().AssertSame("""{"model":"all-minilm","input":"hello"}""", Native(Parse("""{"model":"x","input":"hello","user":"u"}""")));

    [Test]
    public void Base64_IsBitExactLittleEndianFloat32()
    {
        float[] values = [0.5f, -0.25f, 0.125f, 0.1f, -0f, float.Epsilon, 3.4028235e38f, 1.17549435e-38f, 0.012345679f];
        var native = "{\"embeddings\":[[" + string.Join(",", values.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "]],\"prompt_eval_count\":1}";
        var json = Respond(Parse("""{"model":"m","input":"x","encoding_format":"BASE64"}"""), native);

        var bytes = Convert.FromBase64String(JsonDocument.Parse(json).RootElement.GetProperty("data")[0].GetProperty("embedding").GetString()!);
        Assert.That(bytes, Has.Length.EqualTo(values.Length * 4));
        for (var i = 0; i < values.Length; i++)
            Assert.That(BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(i * 4)), Is.EqualTo(BitConverter.SingleToInt32Bits(values[i])), $"value {i}");
        Assert.That(Convert.ToBase64String(bytes.AsSpan(0, 12)), Is.EqualTo("AAAAPwAAgL4AAAA+"));
    }

    [Test]
    public void Dimensions_OnOldWorker_AreNotSentAndTheGatewayTruncatesAndRenormalises()
    {
        var request = Parse("""{"model":"m","input":"x","dimensions":2}""");
        new JsonShape().AssertSame("""{"model":"all-minilm","input":"x"}""", Native(request, "0.11.10"));

        var json = Respond(request, """{"embeddings":[[0.36,0.48,0.8]],"prompt_eval_count":1}""");
        var vector = JsonDocument.Parse(json).RootElement.GetProperty("data")[0].GetProperty("embedding").EnumerateArray().Select(e => e.GetDouble()).ToList();
        Assert.That(vector, Is.EqualTo(new[] { 0.6, 0.8 }).Within(1e-6));
    }

    [Test]
    public void Dimensions_OnCurrentWorker_AreSentAndAShortReplyIsKept()
    {
        var request = Parse("""{"model":"m","input":"x","dimensions":2}""");
        new JsonShape().AssertSame("""{"model":"all-minilm","input":"x","dimensions":2}""", Native(request, "0.11.11"));
        Assert.That(Respond(request, """{"embeddings":[[0.1,0.2]],"prompt_eval_count":1}"""), Does.Contain("\"embedding\":[0.1,0.2]"));
    }

    [Test]
    public void MissingOrShortEmbeddings_AreAWorkerFailure()
    {
        var request = Parse("""{"model":"m","input":["a","b"]}""");
        Assert.That(EmbeddingResponseTranslator.Translate("""{"model":"m"}"""u8, request, new System.Buffers.ArrayBufferWriter<byte>()).Succeeded, Is.False);
        Assert.That(EmbeddingResponseTranslator.Translate("""{"embeddings":[[1]]}"""u8, request, new System.Buffers.ArrayBufferWriter<byte>()).Succeeded, Is.False);
    }

    static IEnumerable<TestCaseData> Rejected()
    {
        yield return new TestCaseData("""{"model":"m","input":""}""", "input").SetName("Rejects_EmptyString");
        yield return new TestCaseData("""{"model":"m","input":[]}""", "input").SetName("Rejects_EmptyArray");
        yield return new TestCaseData("""{"model":"m","input":[1,2]}""", "input").SetName("Rejects_TokenIds");
        yield return new TestCaseData("""{"model":"m","input":[[1,2]]}""", "input").SetName("Rejects_TokenIdArrays");
        yield return new TestCaseData("""{"model":"m","input":["a",""]}""", "input").SetName("Rejects_EmptyItem");
        yield return new TestCaseData("""{"model":"m"}""", "input").SetName("Rejects_MissingInput");
        yield return new TestCaseData("{\"model\":\"m\",\"input\":[" + string.Join(",", Enumerable.Repeat("\"a\"", 2049)) + "]}", "input").SetName("Rejects_TooManyInputs");
        yield return new TestCaseData("""{"model":"m","input":"x","encoding_format":"int8"}""", "encoding_format").SetName("Rejects_EncodingFormat");
        yield return new TestCaseData("""{"model":"m","input":"x","dimensions":0}""", "dimensions").SetName("Rejects_ZeroDimensions");
        yield return new TestCaseData("""{"input":"x"}""", "model").SetName("Rejects_MissingModel");
    }

    [TestCaseSource(nameof(Rejected))]
    public void Request_IsRejectedWith400AndParam(string body, string param)
    {
        var ok = EmbeddingRequestParser.TryParse(Encoding.UTF8.GetBytes(body), out _, out var error);
        Assert.That(ok, Is.False);
        Assert.That((error!.Status, error.Type, error.Param), Is.EqualTo((400, "invalid_request_error", param)));
    }

    [Test]
    public void EncodingFormatError_UsesOpenAIWording()
    {
        EmbeddingRequestParser.TryParse("""{"model":"m","input":"x","encoding_format":"int8"}"""u8, out _, out var error);
        Assert.That(error!.Message, Is.EqualTo("Invalid value for 'encoding_format' = int8. Supported values: ['float', 'base64']."));
    }
}
