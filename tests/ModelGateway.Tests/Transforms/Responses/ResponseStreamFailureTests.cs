using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using ModelGateway.Transforms.OpenAI;
using ModelGateway.Transforms.Responses;
using ModelGateway.Transforms.Results;
using static ModelGateway.Tests.Transforms.TranslationRun;

namespace ModelGateway.Tests.Transforms.Responses;

/// <summary>A worker that fails: before any output nothing is written (the gateway can still answer an HTTP error); after, an error event.</summary>
public class ResponseStreamFailureTests
{
    const string Token = """{"model":"m","created_at":"2025-01-15T10:00:00Z","message":{"role":"assistant","content":"Hi"},"done":false}""";

    static ResponseStreamTranslator Translator() =>
        new(ResponsesGoldenTests.Parse("""{"model":"m","input":"hi","stream":true}"""), OpenAIIds.NewResponseId(), "m");

    [Test]
    public void AnErrorLineFirst_WritesNothing()
    {
        var translator = Translator();
        var (sse, step) = Stream(translator, """{"error":"model runner crashed"}""");
        Assert.Multiple(() =>
        {
            Assert.That(sse, Is.Empty);
            Assert.That(step.Kind, Is.EqualTo(StreamStepKind.UpstreamError));
            Assert.That(step.OutputStarted, Is.False);
            Assert.That(step.ErrorMessage, Is.EqualTo("model runner crashed"));
            Assert.That(translator.Result, Is.Null);
        });
    }

    [Test]
    public void AnErrorLineAfterOutput_IsAnErrorEventThatContinuesTheSequence()
    {
        var translator = Translator();
        var (sse, step) = Stream(translator, Token + "\n" + """{"error":"model runner crashed"}""");
        var events = ResponsesSse.SplitEvents(sse);
        var error = JsonNode.Parse(events[^1].Data)!;
        Assert.Multiple(() =>
        {
            Assert.That(step.Kind, Is.EqualTo(StreamStepKind.UpstreamError));
            Assert.That(events[^1].Type, Is.EqualTo("error"));
            Assert.That((string?)error["code"], Is.EqualTo("server_error"));
            Assert.That((string?)error["message"], Is.EqualTo("model runner crashed"));
            Assert.That(error.AsObject().ContainsKey("param"), Is.True);
            Assert.That(events.Select(e => e.Type), Has.No.Member("response.completed"));
            Assert.That(translator.Result, Is.Null, "a failed response is not stored");
        });
    }

    [Test]
    public void AStreamCutShort_EndsWithAnErrorEvent()
    {
        var translator = Translator();
        var (sse, step) = Stream(translator, Token, endUpstream: true);
        Assert.That(step.Kind, Is.EqualTo(StreamStepKind.UpstreamError));
        Assert.That(ResponsesSse.SplitEvents(sse)[^1].Type, Is.EqualTo("error"));
    }

    [Test]
    public void TheGatewaysOwnErrorEvent_ContinuesTheSequenceToo()
    {
        var translator = Translator();
        var output = new ArrayBufferWriter<byte>();
        translator.TranslateLine(Encoding.UTF8.GetBytes(Token + "\n"), output);
        translator.WriteErrorEvent("the worker's stream was interrupted", output);
        var events = ResponsesSse.SplitEvents(Encoding.UTF8.GetString(output.WrittenSpan));
        Assert.That(events[^1].Type, Is.EqualTo("error"));
        Assert.That((string?)JsonNode.Parse(events[^1].Data)!["message"], Is.EqualTo("the worker's stream was interrupted"));
    }

    [Test]
    public void AWholeReplyThatIsAnError_IsAFailureWithNothingWritten()
    {
        var output = new ArrayBufferWriter<byte>();
        var translation = ResponseTranslator.Translate("""{"error":"boom"}"""u8, ResponsesGoldenTests.Parse("""{"model":"m","input":"hi"}"""),
            OpenAIIds.NewResponseId(), "m", output, out var result);
        Assert.Multiple(() =>
        {
            Assert.That(translation.Succeeded, Is.False);
            Assert.That(translation.ErrorMessage, Is.EqualTo("boom"));
            Assert.That(output.WrittenCount, Is.Zero);
            Assert.That(result, Is.Null);
        });
    }
}
