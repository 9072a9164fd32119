using System.Text;
using System.Text.Json;
using ModelGateway.Transforms.Completions;
using ModelGateway.Transforms.Ollama;
using ModelGateway.Transforms.Results;
using static ModelGateway.Tests.Transforms.TranslationRun;

namespace ModelGateway.Tests.Transforms.Completions;

/// <summary>Mapping doc §9 and golden fixture F13 (legacy completions).</summary>
public class CompletionGoldenTests
{
    const string F13Request = """
        {"model":"codellama:code","prompt":"def add(a, b):","suffix":"\n","max_tokens":16,"stream":true,"stream_options":{"include_usage":true}}
        """;
    const string F13Native = """
        {"model":"codellama:code","prompt":"def add(a, b):","suffix":"\n","stream":true,"options":{"num_predict":16}}
        """;
    const string F13NativeStream = """
        {"model":"codellama:code","created_at":"2025-01-15T10:00:00.123456Z","response":"\n    return","done":false}
        {"model":"codellama:code","created_at":"2025-01-15T10:00:00.223456Z","response":" a + b","done":false}
        {"model":"codellama:code","created_at":"2025-01-15T10:00:00.323456Z","response":"","done":true,"done_reason":"stop","context":[1,2,3],"total_duration":250000000,"load_duration":1000000,"prompt_eval_count":9,"prompt_eval_duration":20000000,"eval_count":5,"eval_duration":60000000}
        """;
    const string F13Sse = """
        data: {"id":"<ID>","object":"text_completion","created":1736935200,"model":"codellama:code","system_fingerprint":"fp_ollama","choices":[{"text":"\n    return","index":0,"logprobs":null,"finish_reason":null}]}

        data: {"id":"<ID>","object":"text_completion","created":1736935200,"model":"codellama:code","system_fingerprint":"fp_ollama","choices":[{"text":" a + b","index":0,"logprobs":null,"finish_reason":null}]}

        data: {"id":"<ID>","object":"text_completion","created":1736935200,"model":"codellama:code","system_fingerprint":"fp_ollama","choices":[{"text":"","index":0,"logprobs":null,"finish_reason":"stop"}]}

        data: {"id":"<ID>","object":"text_completion","created":1736935200,"model":"codellama:code","system_fingerprint":"fp_ollama","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":5,"total_tokens":14}}

        data: [DONE]
        """;

    static readonly OllamaWorkerFeatures CurrentWorker = OllamaWorkerFeatures.FromVersion("0.33.0");

    static CompletionRequest Parse(string json)
    {
        var ok = CompletionRequestParser.TryParse(Encoding.UTF8.GetBytes(json), out var request, out var error);
        Assert.That(ok, Is.True, () => error!.Message);
        return request!;
    }

    static string Native(string json, OllamaWorkerFeatures? features = null) =>
        Encoding.UTF8.GetString(OllamaGenerateRequestWriter.ToBytes(Parse(json), "codellama:code", features ?? CurrentWorker));

    [Test]
    public void F13_Request_MapsToGenerate() => new JsonShape(JsonShape.CompletionIdPattern).AssertSame(F13Native, Native(F13Request));

    [Test]
    public void F13_Stream_MatchesEventByEvent()
    {
        var request = Parse(F13Request);
        var translator = CompletionStreamTranslator.For(request);
        var (sse, step) = Stream(translator, F13NativeStream);
        var shape = new JsonShape(JsonShape.CompletionIdPattern);
        SseShape.AssertSame(F13Sse, sse, shape);
        Assert.Multiple(() =>
        {
            Assert.That(step.Kind, Is.EqualTo(StreamStepKind.Completed));
            Assert.That(shape.SeenId, Is.EqualTo(translator.Id));
            Assert.That(translator.Usage, Is.EqualTo(new UsageCounts(9, 5)));
            Assert.That(request.MaxTokens, Is.EqualTo(16));
        });
    }

    [Test]
    public void NonStreamed_IsTextCompletionWithUsage()
    {
        const string native = """{"model":"codellama:code","created_at":"2025-01-15T10:00:00.323456Z","response":"\n    return a + b","done":true,"done_reason":"length","context":[1],"prompt_eval_count":9,"eval_count":16}""";
        var json = Written(output => CompletionResponseTranslator.Translate(Encoding.UTF8.GetBytes(native), "codellama:code", false, output));
        new JsonShape(JsonShape.CompletionIdPattern).AssertSame(
            """{"id":"<ID>","object":"text_completion","created":1736935200,"model":"codellama:code","system_fingerprint":"fp_ollama","choices":[{"text":"\n    return a + b","index":0,"logprobs":null,"finish_reason":"length"}],"usage":{"prompt_tokens":9,"completion_tokens":16,"total_tokens":25}}""",
            json);
    }

    [Test]
    public void Logprobs_MapToLegacyObject()
    {
        var request = Parse("""{"model":"m","prompt":"x","logprobs":2}""");
        new JsonShape().AssertSame("""{"model":"codellama:code","prompt":"x","stream":false,"logprobs":true,"top_logprobs":2}""",
            Encoding.UTF8.GetString(OllamaGenerateRequestWriter.ToBytes(request, "codellama:code", CurrentWorker)));

        const string native = """{"model":"m","created_at":"2025-01-15T10:00:00Z","response":"Hi there","done":true,"done_reason":"stop","logprobs":[{"token":"Hi","logprob":-0.5,"top_logprobs":[{"token":"Hi","logprob":-0.5},{"token":"Yo","logprob":-1.5}]},{"token":" there","logprob":-0.25}]}""";
        var json = Written(output => CompletionResponseTranslator.Translate(Encoding.UTF8.GetBytes(native), request, output));
        using var document = JsonDocument.Parse(json);
        new JsonShape().AssertSame(
            """{"tokens":["Hi"," there"],"token_logprobs":[-0.5,-0.25],"top_logprobs":[{"Hi":-0.5,"Yo":-1.5},{}],"text_offset":[0,2]}""",
            document.RootElement.GetProperty("choices")[0].GetProperty("logprobs").GetRawText());
    }

    [Test]
    public void SamplingFields_AreCopiedOnlyWhenSet_AndPromptArrayOfOneIsAccepted() =>
        new JsonShape().AssertSame(
            """{"model":"codellama:code","prompt":"hi","stream":false,"options":{"temperature":0,"top_p":0.5,"seed":7,"presence_penalty":0,"stop":["x"]}}""",
            Native("""{"model":"m","prompt":["hi"],"temperature":0,"top_p":0.5,"seed":7,"presence_penalty":0,"stop":"x","user":"u","logit_bias":{"1":1}}"""));

    static IEnumerable<TestCaseData> Rejected()
    {
        yield return new TestCaseData("""{"model":"m","prompt":"x","echo":true}""", "echo").SetName("Rejects_Echo");
        yield return new TestCaseData("""{"model":"m","prompt":"x","best_of":2}""", "best_of").SetName("Rejects_BestOf");
        yield return new TestCaseData("""{"model":"m","prompt":"x","n":3}""", "n").SetName("Rejects_N");
        yield return new TestCaseData("""{"model":"m","prompt":[1,2,3]}""", "prompt").SetName("Rejects_TokenPrompt");
        yield return new TestCaseData("""{"model":"m","prompt":["a","b"]}""", "prompt").SetName("Rejects_PromptBatch");
        yield return new TestCaseData("""{"model":"m"}""", "prompt").SetName("Rejects_MissingPrompt");
        yield return new TestCaseData("""{"model":"m","prompt":"x","logprobs":6}""", "logprobs").SetName("Rejects_LogprobsAbove5");
        yield return new TestCaseData("""{"model":"m","prompt":"x","stop":[1]}""", "stop").SetName("Rejects_StopNotStrings");
        yield return new TestCaseData("""{"model":"m","prompt":"x","max_tokens":0}""", "max_tokens").SetName("Rejects_MaxTokensZero");
        yield return new TestCaseData("""{"model":"m","prompt":"x","temperature":2.5}""", "temperature").SetName("Rejects_Temperature");
        yield return new TestCaseData("""{"prompt":"x"}""", "model").SetName("Rejects_MissingModel");
    }

    [TestCaseSource(nameof(Rejected))]
    public void Request_IsRejectedWith400AndParam(string body, string param)
    {
        var ok = CompletionRequestParser.TryParse(Encoding.UTF8.GetBytes(body), out _, out var error);
        Assert.That(ok, Is.False);
        Assert.That((error!.Status, error.Type, error.Param), Is.EqualTo((400, "invalid_request_error", param)));
    }
}
