using System.Buffers;
using System.Text;
using System.Text.Json;
using ModelGateway.Tests.Transforms.Shared;
using ModelGateway.Transforms.Chat;
using ModelGateway.Transforms.Results;

namespace ModelGateway.Tests.Transforms.Chat;

/// <summary>
/// The token fast path (plain content/thinking lines read without the DTO, chunks from a per-stream template) must
/// write exactly the bytes the full path writes, for every line, and must be what plain token lines take.
/// </summary>
public class ChatTokenFastPathTests
{
    const string First = """{"model":"m","created_at":"2025-01-15T10:00:00Z","message":{"role":"assistant","content":"Hi"},"done":false}""";
    const string Done = """{"model":"m","created_at":"2025-01-15T10:00:09Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":7,"eval_count":2}""";

    static string Token(string content) =>
        $$"""{"model":"m","created_at":"2025-01-15T10:00:01Z","message":{"role":"assistant","content":{{JsonSerializer.Serialize(content)}}},"done":false}""";

    /// <summary>Translates the lines with the fast path on and off; the SSE bytes and every step must be identical.</summary>
    static string AssertSameBytes(IReadOnlyList<byte[]> lines, bool includeUsage = false, bool includeLogprobs = false)
    {
        var fast = new ChatStreamTranslator("m/odel\"é", includeUsage, includeLogprobs, "chatcmpl-fixed");
        var slow = new ChatStreamTranslator("m/odel\"é", includeUsage, includeLogprobs, "chatcmpl-fixed") { TokenFastPath = false };
        var fastOut = new ArrayBufferWriter<byte>();
        var slowOut = new ArrayBufferWriter<byte>();
        for (var i = 0; i < lines.Count; i++)
        {
            var fastStep = fast.TranslateLine(lines[i], fastOut);
            var slowStep = slow.TranslateLine(lines[i], slowOut);
            Assert.That(fastStep, Is.EqualTo(slowStep), $"step after line {i}");
        }
        var sse = Encoding.UTF8.GetString(fastOut.WrittenSpan);
        Assert.That(sse, Is.EqualTo(Encoding.UTF8.GetString(slowOut.WrittenSpan)));
        Assert.That(fastOut.WrittenSpan.SequenceEqual(slowOut.WrittenSpan), Is.True, "byte for byte");
        Assert.That(fast.Usage, Is.EqualTo(slow.Usage));
        return sse;
    }

    static List<byte[]> Lines(params string[] lines) => lines.Select(l => Encoding.UTF8.GetBytes(l)).ToList();

    [Test]
    public void ContentThatNeedsNoEscaping_IsCopiedAndMatchesTheFullPath()
    {
        var sse = AssertSameBytes(Lines(First, Token(" world"), Token("<b>&'+`~"), Token("héllo 中文 Ω"), Token(""), Done));
        Assert.That(sse, Does.Contain("\"content\":\"<b>&'+`~\""));
    }

    [TestCase("line\nbreak")]
    [TestCase("quote \" and back\\slash")]
    [TestCase("tab\there\r\f\b")]
    [TestCase("nul \u0000 and \u001f and \u007f")]
    [TestCase("emoji 😀 👍🏽 and ZWJ 👩‍💻")]
    [TestCase("separators \u2028 \u2029 bom \ufeff soft\u00adhyphen")]
    [TestCase("private \ue000 and unassigned \u0378")]
    [TestCase("</script><!--")]
    public void ContentThatNeedsEscaping_MatchesTheFullPath(string content) =>
        AssertSameBytes(Lines(First, Token(content), Token("x" + content + "y"), Done));

    [Test]
    public void EscapesWrittenByTheWorker_AreDecodedAndReEscapedLikeTheFullPath() =>
        AssertSameBytes(Lines(First,
            """{"message":{"role":"assistant","content":"\u0041\u00e9\/\ud83d\ude00\n"},"done":false}""",
            """{"message":{"role":"assistant","content":"caf\u00E9 \u2028"},"done":false}""",
            """{"message":{"role":"assistant","cont\u0065nt":"by escaped name"},"done":false}""",
            Done));

    [Test]
    public void EveryBmpCharacter_MatchesTheFullPath()
    {
        var lines = new List<byte[]> { Encoding.UTF8.GetBytes(First) };
        for (var c = 0; c < 0x10000; c++)
        {
            if (char.IsSurrogate((char)c)) continue;
            lines.Add(Encoding.UTF8.GetBytes(Token("a" + (char)c + "b")));
        }
        lines.Add(Encoding.UTF8.GetBytes(Done));
        AssertSameBytes(lines);
    }

    /// <summary>Ollama writes non-ASCII text unescaped, in its own field order: the layout match (no JSON reader) takes those.</summary>
    static string OllamaLayout(string model, string createdAt, string content) =>
        $$"""{"model":"{{model}}","created_at":"{{createdAt}}","message":{"role":"assistant","content":"{{content}}"},"done":false}""";

    /// <summary>The same fields in another order: the field-by-field reader takes those.</summary>
    static string Reordered(string model, string createdAt, string content) =>
        $$"""{"done":false,"message":{"content":"{{content}}","role":"assistant"},"created_at":"{{createdAt}}","model":"{{model}}"}""";

    [Test]
    public void EveryBmpCharacter_WrittenUnescapedAsOllamaDoes_MatchesTheFullPath()
    {
        foreach (var layout in new Func<string, string, string, string>[] { OllamaLayout, Reordered })
        {
            var lines = new List<byte[]> { Encoding.UTF8.GetBytes(First) };
            for (var c = 0x20; c < 0x10000; c++)
            {
                if (char.IsSurrogate((char)c) || c is '"' or '\\') continue;
                lines.Add(Encoding.UTF8.GetBytes(layout("m", "2025-01-15T10:00:01Z", "a" + (char)c + "b")));
            }
            lines.Add(Encoding.UTF8.GetBytes(layout("m", "2025-01-15T10:00:01Z", "😀 👩‍💻 plain")));
            lines.Add(Encoding.UTF8.GetBytes(Done));
            AssertSameBytes(lines);
        }
    }

    [TestCase("model")]
    [TestCase("created_at")]
    [TestCase("content")]
    public void InvalidUtf8OrControlCharacters_InAnyField_MidStream_BehaveAsOnTheFullPath(string field)
    {
        foreach (var layout in new Func<string, string, string, string>[] { OllamaLayout, Reordered })
        {
            foreach (var bad in new byte[] { 0xFF, 0xC3, 0x09, 0x00, 0x7F })
            {
                var line = Encoding.UTF8.GetBytes(layout(field == "model" ? "m?" : "m", field == "created_at" ? "2025?" : "2025", field == "content" ? "a?" : "a"));
                line[Array.IndexOf(line, (byte)'?')] = bad;
                AssertSameBytes([Encoding.UTF8.GetBytes(First), line, Encoding.UTF8.GetBytes(Token("after")), Encoding.UTF8.GetBytes(Done)]);
            }
        }
    }

    [TestCase("\r\n")]
    [TestCase(" \t ")]
    [TestCase("x")]
    [TestCase("}")]
    [TestCase(",")]
    public void OllamaLayoutFollowedByMore_BehavesAsOnTheFullPath(string tail) =>
        AssertSameBytes(Lines(First, OllamaLayout("m", "t", "token") + tail, Token("after"), Done));

    [TestCase("""{"model":"m","created_at":"t","message":{"role":"assistant","content":"a"},"done":true}""")]
    [TestCase("""{"model":"m","created_at":"t","message":{"role":"assistant","content":"a"},"done":false""")]
    [TestCase("""{"model":"m","created_at":"t","message":{"role":"assistant","content":"a\"b"},"done":false}""")]
    [TestCase("""{"model":"m","created_at":"t","message":{"role":"assistant","content":"a},"done":false}""")]
    [TestCase("""{"model":"m","created_at":"t","message":{"role":"assistant","content":"a"},"done":false,"done":true}""")]
    [TestCase("""{"model":"m","created_at":"t","message":{"role":"assistant","content":"a","thinking":"b"},"done":false}""")]
    [TestCase("""{"model":"m\"","created_at":"t","message":{"role":"assistant","content":"a"},"done":false}""")]
    [TestCase("""{"model":"m","created_at":"t\u0041","message":{"role":"assistant","content":"a"},"done":false}""")]
    public void NearlyTheOllamaLayout_BehavesAsOnTheFullPath(string line) =>
        AssertSameBytes(Lines(First, line, Token("after"), Done));

    [Test]
    public void ThinkingContentToolCallsAndLogprobs_Interleaved_MatchTheFullPath() =>
        AssertSameBytes(Lines(
            """{"model":"m","created_at":"2025-01-15T10:00:00Z","message":{"role":"assistant","content":"","thinking":"Let me"},"done":false}""",
            """{"model":"m","created_at":"2025-01-15T10:00:00Z","message":{"role":"assistant","content":"","thinking":" think\n"},"done":false}""",
            """{"model":"m","created_at":"2025-01-15T10:00:00Z","message":{"role":"assistant","content":"Sure","thinking":" done"},"done":false}""",
            """{"model":"m","created_at":"2025-01-15T10:00:00Z","message":{"role":"assistant","content":"","tool_calls":[{"id":"call_1","function":{"index":0,"name":"f","arguments":{"a":1}}}]},"done":false}""",
            """{"model":"m","created_at":"2025-01-15T10:00:00Z","message":{"role":"assistant","content":" more"},"done":false,"logprobs":[{"token":" more","logprob":-0.5}]}""",
            """{"model":"m","created_at":"2025-01-15T10:00:00Z","message":{"role":"assistant","content":""},"done":false,"logprobs":[{"token":"x","logprob":-0.1}]}""",
            """{"model":"m","created_at":"2025-01-15T10:00:00Z","message":{"role":"assistant","content":"x"},"done":false}""",
            """{"model":"m","created_at":"2025-01-15T10:00:00Z","message":{"role":"assistant","content":"y"},"done":false}""",
            """{"model":"m","created_at":"2025-01-15T10:00:00Z","message":null,"done":false}""",
            """{"model":"m","created_at":null,"message":{"role":"assistant","content":null},"done":false}""",
            Done.Replace("\"stop\"", "\"length\"")), includeUsage: true, includeLogprobs: true);

    [TestCase("""{"message":{"content":"a","content":"b"},"done":false}""")]
    [TestCase("""{"message":{"content":"a"},"message":{"content":"b"},"done":false}""")]
    [TestCase("""{"message":{"content":"a"},"done":false,"done":true,"done_reason":"stop","eval_count":3}""")]
    [TestCase("""{"message":{"content":5},"done":false}""")]
    [TestCase("""{"message":{"content":"a"},"done":null}""")]
    [TestCase("""{"message":{"content":"a"},"done":"false"}""")]
    [TestCase("""{"message":"text","done":false}""")]
    [TestCase("""{"message":{"content":"a"},"done":false} trailing""")]
    [TestCase("""{"message":{"content":"a"},"done":false}{"done":true}""")]
    [TestCase("""{"message":{"content":"a"},"done":false""")]
    [TestCase("""{"message":{"Content":"cased"},"done":false}""")]
    [TestCase("""{"message":{"content":"a"},"created_at":7,"done":false}""")]
    [TestCase("""{"message":{"content":"a"},"error":null,"done":false}""")]
    [TestCase("""{"message":{"content":"a"},"error":"boom","done":false}""")]
    [TestCase("""{"message":{"content":"\ud800 lone surrogate"},"done":false}""")]
    [TestCase("""{"message":{"content":"a","tool_calls":null},"done":false}""")]
    [TestCase("""{"message":{"content":"a","tool_calls":[]},"done":false}""")]
    [TestCase("""{"message":{"content":"a"},"done":false,"extra":{"deep":[1,2,{"x":null}]}}""")]
    [TestCase("""{"message":{"content":"a"}}""")]
    [TestCase("""  {"message":{"content":"a"},"done":false}  """)]
    [TestCase("""[]""")]
    [TestCase("""null""")]
    [TestCase("""   """)]
    public void UnusualLines_MidStream_BehaveAsOnTheFullPath(string line) =>
        AssertSameBytes(Lines(First, line, Token("after"), Done));

    [Test]
    public void InvalidUtf8InContent_MidStream_BehavesAsOnTheFullPath()
    {
        var bad = Encoding.UTF8.GetBytes("""{"message":{"content":"a?b"},"done":false}""");
        bad[Array.IndexOf(bad, (byte)'?')] = 0xFF;
        AssertSameBytes([Encoding.UTF8.GetBytes(First), bad, Encoding.UTF8.GetBytes(Token("after")), Encoding.UTF8.GetBytes(Done)]);
    }

    [Test]
    public void LineSplitAcrossSegments_AtEveryByte_WritesWhatTheWholeLineWrites()
    {
        var token = Encoding.UTF8.GetBytes(Token("split \"é\" 😀"));
        var expected = Translated(t => t.TranslateLine(token, Out));
        for (var at = 1; at < token.Length; at++)
        {
            var sequence = SegmentedLine.Split(token, at);
            Assert.That(Translated(t => t.TranslateLine(sequence, Out)), Is.EqualTo(expected), $"split at {at}");
        }
    }

    static readonly ArrayBufferWriter<byte> Out = new();

    static string Translated(Func<ChatStreamTranslator, StreamStep> translateToken)
    {
        Out.Clear();
        var translator = new ChatStreamTranslator("m", includeUsage: false, id: "chatcmpl-fixed");
        translator.TranslateLine(Encoding.UTF8.GetBytes(First), Out);
        Assert.That(translateToken(translator), Is.EqualTo(new StreamStep(StreamStepKind.Continue, true)));
        return Encoding.UTF8.GetString(Out.WrittenSpan);
    }

    [Test]
    public void PlainTokenLines_AllocateNothingPerToken()
    {
        var token = Encoding.UTF8.GetBytes(Token(" word"));
        var translator = new ChatStreamTranslator("m", includeUsage: false);
        var output = new ArrayBufferWriter<byte>(64 * 1024);
        translator.TranslateLine(Encoding.UTF8.GetBytes(First), output);
        for (var i = 0; i < 10; i++) translator.TranslateLine(token, output);

        const int Tokens = 100;
        output.Clear();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Tokens; i++) translator.TranslateLine(token, output);
        var perToken = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Tokens;

        Assert.That(perToken, Is.LessThan(8), "bytes allocated per plain token line (the full path allocates the DTO and its strings)");
        Assert.That(SseShape.SplitEvents(Encoding.UTF8.GetString(output.WrittenSpan)), Has.Count.EqualTo(Tokens));
    }
}
