using System.Buffers;
using System.Text.Json;
using ModelGateway.Transforms.Ollama;
using ModelGateway.Transforms.OpenAI;
using ModelGateway.Transforms.Results;
using ModelGateway.Transforms.Serialization;
using ModelGateway.Transforms.Shared;

namespace ModelGateway.Transforms.Completions;

/// <summary>
/// Translates one native <c>/api/generate</c> NDJSON stream into legacy <c>text_completion</c> SSE chunks
/// (F13): a chunk per non-empty <c>response</c>, a final <c>"text":""</c> chunk with the finish reason, the
/// usage chunk when asked, then [DONE]. Errors behave as in <c>ChatStreamTranslator</c>. One instance per stream.
/// </summary>
public sealed class CompletionStreamTranslator : INativeStreamTranslator
{
    const string EndedUnexpectedly = "upstream stream ended unexpectedly";
    const string InvalidLine = "the worker sent a response line that is not valid JSON";

    readonly JsonEncodedText _id;
    readonly JsonEncodedText _model;
    readonly bool _includeUsage;
    readonly bool _includeLogprobs;
    readonly SseEventWriter _sse = new();
    long _created;
    bool _createdKnown;
    int _textOffset;
    StreamStepKind _state = StreamStepKind.Continue;
    string? _error;

    public CompletionStreamTranslator(string model, bool includeUsage, bool includeLogprobs = false, string? id = null)
    {
        Id = id ?? OpenAIIds.NewCompletionId();
        _id = JsonEncodedText.Encode(Id, JsonWriting.Options.Encoder);
        _model = JsonEncodedText.Encode(model, JsonWriting.Options.Encoder);
        _includeUsage = includeUsage;
        _includeLogprobs = includeLogprobs;
    }

    public static CompletionStreamTranslator For(CompletionRequest request) =>
        new(request.Model, request.IncludeUsage, request.Logprobs is not null);

    public string Id { get; }
    public bool OutputStarted { get; private set; }
    public UsageCounts? Usage { get; private set; }

    public StreamStep TranslateLine(ReadOnlySpan<byte> line, IBufferWriter<byte> output)
    {
        if (_state != StreamStepKind.Continue || NativeLineReader.IsBlank(line))
            return Current();
        return NativeLineReader.TryRead(line, TransformsJsonContext.Default.OllamaGenerateResponse, out var parsed)
            ? Translate(parsed!, output)
            : Fail(InvalidLine, output);
    }

    public StreamStep TranslateLine(ReadOnlySequence<byte> line, IBufferWriter<byte> output)
    {
        if (line.IsSingleSegment)
            return TranslateLine(line.FirstSpan, output);
        if (_state != StreamStepKind.Continue || NativeLineReader.IsBlank(line))
            return Current();
        return NativeLineReader.TryRead(line, TransformsJsonContext.Default.OllamaGenerateResponse, out var parsed)
            ? Translate(parsed!, output)
            : Fail(InvalidLine, output);
    }

    public StreamStep UpstreamEnded(IBufferWriter<byte> output) =>
        _state == StreamStepKind.Continue ? Fail(EndedUnexpectedly, output) : Current();

    public void WriteErrorEvent(string message, IBufferWriter<byte> output)
    {
        _sse.WriteError(output, message);
        OutputStarted = true;
        _state = StreamStepKind.UpstreamError;
        _error ??= message;
    }

    StreamStep Translate(OllamaGenerateResponse line, IBufferWriter<byte> output)
    {
        if (line.Error is { } error)
            return Fail(error, output);
        if (!_createdKnown)
        {
            _created = OllamaTimestamp.ToUnixSecondsOrNow(line.CreatedAt);
            _createdKnown = true;
        }

        if (!string.IsNullOrEmpty(line.Response))
            WriteChoiceChunk(output, line.Response, _includeLogprobs ? line.Logprobs : null, null);
        if (!line.Done)
            return Current();

        WriteChoiceChunk(output, "", null, FinishReason.FromNative(line.DoneReason, sawToolCall: false));
        var usage = new UsageCounts(line.PromptEvalCount ?? 0, line.EvalCount ?? 0);
        Usage = usage;
        if (_includeUsage)
        {
            var writer = BeginChunk(output);
            writer.WriteStartArray("choices"u8);
            writer.WriteEndArray();
            UsageWriter.Write(writer, usage);
            writer.WriteEndObject();
            _sse.End(output);
        }
        SseEventWriter.WriteDone(output);
        _state = StreamStepKind.Completed;
        return Current();
    }

    void WriteChoiceChunk(IBufferWriter<byte> output, string text, List<OllamaLogprob>? logprobs, string? finishReason)
    {
        var writer = BeginChunk(output);
        writer.WriteStartArray("choices"u8);
        writer.WriteStartObject();
        writer.WriteString("text"u8, text);
        writer.WriteNumber("index"u8, 0);
        LegacyLogprobsWriter.Write(writer, logprobs, ref _textOffset);
        if (finishReason is null) writer.WriteNull("finish_reason"u8);
        else writer.WriteString("finish_reason"u8, finishReason);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        _sse.End(output);
    }

    Utf8JsonWriter BeginChunk(IBufferWriter<byte> output)
    {
        var writer = _sse.Begin(output);
        OutputStarted = true;
        writer.WriteStartObject();
        writer.WriteString("id"u8, _id);
        writer.WriteString("object"u8, "text_completion"u8);
        writer.WriteNumber("created"u8, _created);
        writer.WriteString("model"u8, _model);
        writer.WriteString("system_fingerprint"u8, "fp_ollama"u8);
        return writer;
    }

    StreamStep Fail(string message, IBufferWriter<byte> output)
    {
        _state = StreamStepKind.UpstreamError;
        _error = message;
        if (OutputStarted)
            _sse.WriteError(output, message);
        return Current();
    }

    StreamStep Current() => new(_state, OutputStarted, _error);
}
