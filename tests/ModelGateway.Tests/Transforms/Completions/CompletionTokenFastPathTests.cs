using System.Buffers;
using System.Text;
using System.Text.Json;
using ModelGateway.Tests.Transforms.Shared;
using ModelGateway.Transforms.Completions;
using ModelGateway.Transforms.Results;

namespace ModelGateway.Tests.Transforms.Completions;

/// <summary>
/// The legacy-completion token fast path (plain <c>response</c> lines read without the DTO, chunks from a per-stream
/// template) must write exactly the bytes the full path writes, and must be what plain token lines take.
/// </summary>
public class CompletionTokenFastPathTests
{
    const string First = """{"model":"m","created_at":"2025-01-15T10:00:00.123456Z","response":"def","done":false}""";
    const string Done = """{"model":"m","created_at":"2025-01-15T10:00:09Z","response":"","done":true,"done_reason":"stop","context":[1,2],"prompt_eval_count":9,"eval_count":5}""";

    static string Token(string text) =>
        $$"""{"model":"m","created_at":"2025-01-15T10:00:01Z","response":{{JsonSerializer.Serialize(text)}},"done":false}""";

    static void AssertSameBytes(IReadOnlyList<byte[]> lines, bool includeUsage = false, bool includeLogprobs = false)
    {
        var fast = new CompletionStreamTranslator("m\"é", includeUsage, includeLogprobs, "cmpl-fixed");
        var slow = new CompletionStreamTranslator("m\"é", includeUsage, includeLogprobs, "cmpl-fixed") { TokenFastPath = false };
        var fastOut = new ArrayBufferWriter<byte>();
        var slowOut = new ArrayBufferWriter<byte>();
        for (var i = 0; i < lines.Count; i++)
            Assert.That(fast.TranslateLine(lines[i], fastOut), Is.EqualTo(slow.TranslateLine(lines[i], slowOut)), $"step after line {i}");
        Assert.That(Encoding.UTF8.GetString(fastOut.WrittenSpan), Is.EqualTo(Encoding.UTF8.GetString(slowOut.WrittenSpan)));
        Assert.That(fastOut.WrittenSpan.SequenceEqual(slowOut.WrittenSpan), Is.True, "byte for byte");
        Assert.That(fast.Usage, Is.EqualTo(slow.Usage));
    }

    static List<byte[]> Lines(params string[] lines) => lines.Select(l => Encoding.UTF8.GetBytes(l)).ToList();

    [TestCase(" add(a, b):")]
    [TestCase("\n    return a + b\n")]
    [TestCase("quote \" back\\slash \t tab \u0000 nul \u007f")]
    [TestCase("héllo 中文 😀 👩‍💻 \u2028 \ufeff \ue000")]
    [TestCase("")]
    public void TokenText_MatchesTheFullPath(string text) =>
        AssertSameBytes(Lines(First, Token(text), Token("<" + text + ">"), Done), includeUsage: true);

    [Test]
    public void EveryBmpCharacter_MatchesTheFullPath()
    {
        var lines = new List<byte[]> { Encoding.UTF8.GetBytes(First) };
        for (var c = 0; c < 0x10000; c++)
            if (!char.IsSurrogate((char)c))
                lines.Add(Encoding.UTF8.GetBytes(Token("a" + (char)c + "b")));
        lines.Add(Encoding.UTF8.GetBytes(Done));
        AssertSameBytes(lines);
    }

    static string OllamaLayout(string model, string createdAt, string text) =>
        $$"""{"model":"{{model}}","created_at":"{{createdAt}}","response":"{{text}}","done":false}""";

    static string Reordered(string model, string createdAt, string text) =>
        $$"""{"done":false,"response":"{{text}}","created_at":"{{createdAt}}","model":"{{model}}"}""";

    [Test]
    public void EveryBmpCharacter_WrittenUnescapedAsOllamaDoes_MatchesTheFullPath()
    {
        foreach (var layout in new Func<string, string, string, string>[] { OllamaLayout, Reordered })
        {
            var lines = new List<byte[]> { Encoding.UTF8.GetBytes(First) };
            for (var c = 0x20; c < 0x10000; c++)
                if (!char.IsSurrogate((char)c) && c is not ('"' or '\\'))
                    lines.Add(Encoding.UTF8.GetBytes(layout("m", "2025-01-15T10:00:01Z", "a" + (char)c + "b")));
            lines.Add(Encoding.UTF8.GetBytes(Done));
            AssertSameBytes(lines);
        }
    }

    [TestCase("model")]
    [TestCase("created_at")]
    [TestCase("response")]
    public void InvalidUtf8OrControlCharacters_InAnyField_MidStream_BehaveAsOnTheFullPath(string field)
    {
        foreach (var layout in new Func<string, string, string, string>[] { OllamaLayout, Reordered })
        {
            foreach (var bad in new byte[] { 0xFF, 0xC3, 0x09, 0x00, 0x7F })
            {
                var line = Encoding.UTF8.GetBytes(layout(field == "model" ? "m?" : "m", field == "created_at" ? "2025?" : "2025", field == "response" ? "a?" : "a"));
                line[Array.IndexOf(line, (byte)'?')] = bad;
                AssertSameBytes([Encoding.UTF8.GetBytes(First), line, Encoding.UTF8.GetBytes(Token("after")), Encoding.UTF8.GetBytes(Done)]);
            }
        }
    }

    [TestCase("\r\n")]
    [TestCase("x")]
    [TestCase("}")]
    public void OllamaLayoutFollowedByMore_BehavesAsOnTheFullPath(string tail) =>
        AssertSameBytes(Lines(First, OllamaLayout("m", "t", "token") + tail, Token("after"), Done));

    [Test]
    public void LogprobLinesBetweenTokens_MatchTheFullPath() =>
        AssertSameBytes(Lines(First,
            """{"response":"Hi","done":false,"logprobs":[{"token":"Hi","logprob":-0.5}]}""",
            Token(" there"),
            """{"response":"!","done":false,"logprobs":[{"token":"!","logprob":-0.1,"top_logprobs":[{"token":"!","logprob":-0.1}]}]}""",
            Token(" ok"),
            Done), includeUsage: true, includeLogprobs: true);

    [TestCase("""{"response":"a","response":"b","done":false}""")]
    [TestCase("""{"response":5,"done":false}""")]
    [TestCase("""{"response":"a","done":null}""")]
    [TestCase("""{"response":"a","done":false,"done":true,"eval_count":1}""")]
    [TestCase("""{"response":"a","done":false} x""")]
    [TestCase("""{"response":"a","error":"boom","done":false}""")]
    [TestCase("""{"response":"\ud800","done":false}""")]
    [TestCase("""{"Response":"cased","done":false}""")]
    [TestCase("""{"respons\u0065":"escaped name","thinking":"ignored","context":[1],"done":false}""")]
    [TestCase("""{"response":null,"created_at":false,"done":false}""")]
    [TestCase("""[1]""")]
    [TestCase("""  """)]
    public void UnusualLines_MidStream_BehaveAsOnTheFullPath(string line) =>
        AssertSameBytes(Lines(First, line, Token("after"), Done));

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

    static string Translated(Func<CompletionStreamTranslator, StreamStep> translateToken)
    {
        Out.Clear();
        var translator = new CompletionStreamTranslator("m", includeUsage: false, id: "cmpl-fixed");
        translator.TranslateLine(Encoding.UTF8.GetBytes(First), Out);
        Assert.That(translateToken(translator), Is.EqualTo(new StreamStep(StreamStepKind.Continue, true)));
        return Encoding.UTF8.GetString(Out.WrittenSpan);
    }

    [Test]
    public void PlainTokenLines_AllocateNothingPerToken()
    {
        var token = Encoding.UTF8.GetBytes(Token(" word"));
        var translator = new CompletionStreamTranslator("m", includeUsage: false);
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
