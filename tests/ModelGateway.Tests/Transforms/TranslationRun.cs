using System.Buffers;
using System.Text;
using ModelGateway.Transforms.Chat;
using ModelGateway.Transforms.Completions;
using ModelGateway.Transforms.Errors;
using ModelGateway.Transforms.Results;

namespace ModelGateway.Tests.Transforms;

/// <summary>Drives the translators the way the gateway will: parse, write native bytes, feed lines.</summary>
public static class TranslationRun
{
    public static ChatCompletionRequest ParseChat(string json)
    {
        var ok = ChatCompletionRequestParser.TryParse(Encoding.UTF8.GetBytes(json), out var request, out var error);
        Assert.That(ok, Is.True, () => $"expected the request to be accepted, got {error}");
        return request!;
    }

    public static OpenAIError RejectChat(string json)
    {
        var ok = ChatCompletionRequestParser.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error);
        Assert.That(ok, Is.False, "expected the request to be rejected");
        return error!;
    }

    public static string Written(Action<IBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Feeds NDJSON line by line until a terminal step; returns the SSE text and the last step.</summary>
    public static (string Sse, StreamStep Step) Stream(ChatStreamTranslator translator, string ndjson, bool endUpstream = false) =>
        Stream(ndjson, endUpstream, (line, output) => translator.TranslateLine(line, output), translator.UpstreamEnded);

    public static (string Sse, StreamStep Step) Stream(CompletionStreamTranslator translator, string ndjson, bool endUpstream = false) =>
        Stream(ndjson, endUpstream, (line, output) => translator.TranslateLine(line, output), translator.UpstreamEnded);

    public static (string Sse, StreamStep Step) Stream(ModelGateway.Transforms.Responses.ResponseStreamTranslator translator, string ndjson, bool endUpstream = false) =>
        Stream(ndjson, endUpstream, (line, output) => translator.TranslateLine(line, output), translator.UpstreamEnded);

    delegate StreamStep LineTranslation(ReadOnlySpan<byte> line, IBufferWriter<byte> output);

    static (string, StreamStep) Stream(string ndjson, bool endUpstream, LineTranslation translate, Func<IBufferWriter<byte>, StreamStep> ended)
    {
        var output = new ArrayBufferWriter<byte>();
        var step = new StreamStep(StreamStepKind.Continue, false);
        foreach (var line in ndjson.Split('\n'))
        {
            step = translate(Encoding.UTF8.GetBytes(line + "\n"), output);
            if (step.IsTerminal)
                break;
        }
        if (endUpstream && !step.IsTerminal)
            step = ended(output);
        return (Encoding.UTF8.GetString(output.WrittenSpan), step);
    }
}
