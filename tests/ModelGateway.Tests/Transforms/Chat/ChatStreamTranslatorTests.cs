using System.Buffers;
using System.Text;
using System.Text.Json;
using ModelGateway.Transforms.Chat;
using ModelGateway.Transforms.Results;
using static ModelGateway.Tests.Transforms.TranslationRun;

namespace ModelGateway.Tests.Transforms.Chat;

/// <summary>Streaming behaviour the gateway acts on: early errors, cut streams, usage, multi-segment lines.</summary>
public class ChatStreamTranslatorTests
{
    const string Hello = """{"model":"m","created_at":"2025-01-15T10:00:00Z","message":{"role":"assistant","content":"Hello"},"done":false}""";
    const string Done = """{"model":"m","created_at":"2025-01-15T10:00:01Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":7,"eval_count":2}""";

    static string Chunk(string delta, string finish = "null", string logprobs = "null") =>
        $$"""{"id":"<ID>","object":"chat.completion.chunk","created":1736935200,"model":"m","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{{delta}},"logprobs":{{logprobs}},"finish_reason":{{finish}}}]}""";

    static void AssertEvents(string sse, params string[] expected)
    {
        var events = SseShape.SplitEvents(sse);
        Assert.That(events, Has.Count.EqualTo(expected.Length), sse);
        var shape = new JsonShape();
        for (var i = 0; i < expected.Length; i++)
        {
            if (expected[i] == "[DONE]") Assert.That(events[i], Is.EqualTo("[DONE]"));
            else shape.AssertSame(expected[i], events[i]);
        }
    }

    [Test]
    public void ErrorLineBeforeAnyOutput_WritesNothingSoTheGatewayCanAnswerHttpError()
    {
        var translator = new ChatStreamTranslator("m", includeUsage: true);
        var (sse, step) = Stream(translator, """{"error":"model 'm' not found"}""");
        Assert.Multiple(() =>
        {
            Assert.That(sse, Is.Empty);
            Assert.That(step, Is.EqualTo(new StreamStep(StreamStepKind.UpstreamError, false, "model 'm' not found")));
        });

        var output = new ArrayBufferWriter<byte>();
        translator.WriteErrorEvent("model 'm' not found", output);
        AssertEvents(Encoding.UTF8.GetString(output.WrittenSpan),
            """{"error":{"message":"model 'm' not found","type":"server_error","param":null,"code":null}}""");
    }

    [Test]
    public void UpstreamEndedWithoutDone_AfterOutput_WritesErrorEventAndNoDone()
    {
        var (sse, step) = Stream(new ChatStreamTranslator("m", includeUsage: true), Hello, endUpstream: true);
        AssertEvents(sse, Chunk("""{"role":"assistant","content":"Hello"}"""),
            """{"error":{"message":"upstream stream ended unexpectedly","type":"server_error","param":null,"code":null}}""");
        Assert.That(step.Kind, Is.EqualTo(StreamStepKind.UpstreamError));
    }

    [Test]
    public void UpstreamEndedWithoutAnyLine_ReportsErrorWithoutOutput()
    {
        var translator = new ChatStreamTranslator("m", includeUsage: false);
        var output = new ArrayBufferWriter<byte>();
        var step = translator.UpstreamEnded(output);
        Assert.That(step, Is.EqualTo(new StreamStep(StreamStepKind.UpstreamError, false, "upstream stream ended unexpectedly")));
        Assert.That(output.WrittenCount, Is.Zero);
    }

    [Test]
    public void InvalidJsonLine_MidStream_IsAnUpstreamError()
    {
        var (sse, step) = Stream(new ChatStreamTranslator("m", includeUsage: false), Hello + "\n{\"message\":");
        Assert.That(step.Kind, Is.EqualTo(StreamStepKind.UpstreamError));
        Assert.That(SseShape.SplitEvents(sse)[^1], Does.Contain("\"type\":\"server_error\""));
    }

    [Test]
    public void DoneLineAlone_EmitsRoleChunkWithEmptyContentThenFinish()
    {
        var (sse, step) = Stream(new ChatStreamTranslator("m", includeUsage: false), Done.Replace("10:00:01Z", "10:00:00Z"));
        AssertEvents(sse, Chunk("""{"role":"assistant","content":""}"""), Chunk("{}", "\"stop\""), "[DONE]");
        Assert.That(step, Is.EqualTo(new StreamStep(StreamStepKind.Completed, true)));
    }

    [Test]
    public void UsageCounts_AreKnownWithoutIncludeUsage_AndNoUsageChunkIsWritten()
    {
        var translator = new ChatStreamTranslator("m", includeUsage: false);
        var (sse, _) = Stream(translator, Hello + "\n" + Done);
        Assert.That(sse, Does.Not.Contain("usage"));
        Assert.That(translator.Usage, Is.EqualTo(new UsageCounts(7, 2)));
    }

    [Test]
    public void LinesAfterCompletion_AreIgnored()
    {
        var translator = new ChatStreamTranslator("m", includeUsage: false);
        Stream(translator, Done);
        var output = new ArrayBufferWriter<byte>();
        var step = translator.TranslateLine(Encoding.UTF8.GetBytes(Hello), output);
        Assert.That(step.Kind, Is.EqualTo(StreamStepKind.Completed));
        Assert.That(output.WrittenCount, Is.Zero);
    }

    [Test]
    public void ThinkingContentAndToolCallsInOneLine_BecomeSeparateChunksWithRoleOnlyOnTheFirst()
    {
        const string line = """{"model":"m","created_at":"2025-01-15T10:00:00Z","message":{"role":"assistant","content":"ok","thinking":"hmm","tool_calls":[{"id":"call_1","function":{"name":"f","arguments":{"a":"é\"q"}}}]},"done":false}""";
        var (sse, _) = Stream(new ChatStreamTranslator("m", includeUsage: false), line + "\n" + Done.Replace("\"done_reason\":\"stop\",", ""));
        AssertEvents(sse,
            Chunk("""{"role":"assistant","reasoning":"hmm"}"""),
            Chunk("""{"content":"ok"}"""),
            Chunk("""{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":"{\"a\":\"é\\\"q\"}"}}]}"""),
            Chunk("{}", "\"tool_calls\""),
            "[DONE]");
    }

    [Test]
    public void ToolCallsOnSeparateLines_AreNumberedAcrossTheStreamWithUniqueIds()
    {
        const string call = """{"model":"m","created_at":"2025-01-15T10:00:00Z","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"f","arguments":{}}}]},"done":false}""";
        var (sse, _) = Stream(new ChatStreamTranslator("m", includeUsage: false), string.Join('\n', call, call, call, Done));
        var calls = SseShape.SplitEvents(sse).Take(3)
            .Select(e => JsonDocument.Parse(e).RootElement.GetProperty("choices")[0].GetProperty("delta").GetProperty("tool_calls")[0].Clone())
            .ToList();
        Assert.That(calls.Select(c => c.GetProperty("index").GetInt32()), Is.EqualTo(new[] { 0, 1, 2 }));
        Assert.That(calls.Select(c => c.GetProperty("id").GetString()), Is.Unique.And.All.Matches(JsonShape.CallIdPattern));
    }

    [Test]
    public void UnknownDoneReason_FinishesWithStop()
    {
        var (sse, _) = Stream(new ChatStreamTranslator("m", includeUsage: false), Hello + "\n" + Done.Replace("\"stop\"", "\"unload\""));
        Assert.That(SseShape.SplitEvents(sse)[^2], Does.Contain("\"finish_reason\":\"stop\""));
    }

    [Test]
    public void Logprobs_FromALineWithoutContent_AreAttachedToTheNextContentChunk()
    {
        const string buffered = """{"model":"m","created_at":"2025-01-15T10:00:00Z","message":{"role":"assistant","content":""},"done":false,"logprobs":[{"token":"He","logprob":-0.5}]}""";
        const string content = """{"model":"m","created_at":"2025-01-15T10:00:00Z","message":{"role":"assistant","content":"Hello"},"done":false,"logprobs":[{"token":"llo","logprob":-0.25,"bytes":[108,108,111]}]}""";
        var (sse, _) = Stream(new ChatStreamTranslator("m", includeUsage: false, includeLogprobs: true), string.Join('\n', buffered, content, Done));
        AssertEvents(sse,
            Chunk("""{"role":"assistant","content":"Hello"}""", logprobs:
                """{"content":[{"token":"He","logprob":-0.5,"bytes":[72,101],"top_logprobs":[]},{"token":"llo","logprob":-0.25,"bytes":[108,108,111],"top_logprobs":[]}],"refusal":null}"""),
            Chunk("{}", "\"stop\""),
            "[DONE]");
    }

    [Test]
    public void MultiSegmentLine_TranslatesLikeASingleSpan()
    {
        var bytes = Encoding.UTF8.GetBytes(Hello);
        var first = new Segment(bytes.AsMemory(0, 10), 0);
        var last = first.Append(bytes.AsMemory(10));
        var sequence = new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
        Assert.That(sequence.IsSingleSegment, Is.False);

        var output = new ArrayBufferWriter<byte>();
        var step = new ChatStreamTranslator("m", includeUsage: false).TranslateLine(sequence, output);
        Assert.That(step, Is.EqualTo(new StreamStep(StreamStepKind.Continue, true)));
        AssertEvents(Encoding.UTF8.GetString(output.WrittenSpan), Chunk("""{"role":"assistant","content":"Hello"}"""));
    }

    [Test]
    public void BlankLines_AreSkipped()
    {
        var (sse, step) = Stream(new ChatStreamTranslator("m", includeUsage: false), "\r\n" + Hello + "\n\n" + Done);
        Assert.That(step.Kind, Is.EqualTo(StreamStepKind.Completed));
        Assert.That(SseShape.SplitEvents(sse), Has.Count.EqualTo(3));
    }

    sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }

    [TestCase(false)]
    [TestCase(true)]
    public void ParallelToolCallsFalse_StreamsOnlyTheFirstCall_WhetherCallsShareALineOrNot(bool singleToolCall)
    {
        const string both = """{"model":"m","created_at":"2025-01-15T10:00:00Z","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"a","arguments":{}}},{"function":{"name":"b","arguments":{}}}]},"done":false}""";
        const string third = """{"model":"m","created_at":"2025-01-15T10:00:00Z","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"c","arguments":{}}}]},"done":false}""";
        var (sse, _) = Stream(new ChatStreamTranslator("m", includeUsage: false, singleToolCall: singleToolCall), string.Join('\n', both, third, Done));

        var calls = SseShape.SplitEvents(sse).Where(e => e != "[DONE]")
            .SelectMany(e => JsonDocument.Parse(e).RootElement.GetProperty("choices")[0].GetProperty("delta") is var d && d.TryGetProperty("tool_calls", out var c) ? c.EnumerateArray().Select(x => x.GetProperty("function").GetProperty("name").GetString()).ToArray() : [])
            .ToArray();
        Assert.That(calls, Is.EqualTo(singleToolCall ? new[] { "a" } : new[] { "a", "b", "c" }));
        Assert.That(sse, Does.Contain("\"finish_reason\":\"tool_calls\""));
    }
}
