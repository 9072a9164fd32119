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
public sealed class CompletionStreamTranslator : INativeStreamTranslator, INativeLineTranslator<OllamaGenerateResponse>
{
    readonly JsonEncodedText _id;
    readonly JsonEncodedText _model;
    readonly bool _includeUsage;
    readonly bool _includeLogprobs;
    readonly StreamProgress _progress = new();
    int _textOffset;
    SseChunkTemplate? _textChunk;

    public CompletionStreamTranslator(string model, bool includeUsage, bool includeLogprobs = false, string? id = null)
    {
        Id = id ?? OpenAIIds.NewCompletionId();
        _id = JsonEncodedText.Encode(Id, JsonWriting.Options.Encoder);
        _model = JsonEncodedText.Encode(model, JsonWriting.Options.Encoder);
        _includeUsage = includeUsage;
        _includeLogprobs = includeLogprobs;
    }

    /// <param name="model">The model name every chunk carries; the one the client asked for when null.</param>
    public static CompletionStreamTranslator For(CompletionRequest request, string? model = null) =>
        new(model ?? request.Model, request.IncludeUsage, request.Logprobs is not null);

    public string Id { get; }

    /// <summary>Off only in tests, to compare the token fast path with the full path byte for byte.</summary>
    internal bool TokenFastPath { get; init; } = true;
    public bool OutputStarted => _progress.OutputStarted;
    public UsageCounts? Usage { get; private set; }

    public StreamStep TranslateLine(ReadOnlySpan<byte> line, IBufferWriter<byte> output)
        => _progress.Translate(this, line, TransformsJsonContext.Default.OllamaGenerateResponse, output);

    public StreamStep TranslateLine(ReadOnlySequence<byte> line, IBufferWriter<byte> output)
        => _progress.Translate(this, line, TransformsJsonContext.Default.OllamaGenerateResponse, output);

    /// <summary>The upstream body ended: unless the stream completed, this is an error.</summary>
    public StreamStep UpstreamEnded(IBufferWriter<byte> output) => _progress.UpstreamEnded(output);

    /// <summary>Writes the SSE error event (no [DONE] follows) for an error that arrived before any output.</summary>
    public void WriteErrorEvent(string message, IBufferWriter<byte> output) => _progress.WriteErrorEvent(message, output);

    /// <summary>
    /// The fast path for a running stream's plain token line (after the first chunk): the chunk goes from the line's
    /// bytes through the stream's template. Any other line is left to the full path below, which writes the same bytes
    /// for a token line, only slower.
    /// </summary>
    bool INativeLineTranslator<OllamaGenerateResponse>.TryTranslateToken(ReadOnlySpan<byte> line, IBufferWriter<byte> output)
    {
        if (!TokenFastPath || !_progress.OutputStarted || !_progress.IsRunning || !GenerateTokenLine.TryRead(line, out var token))
            return false;
        if (!token.Response.IsEmpty)
            (_textChunk ??= BuildTextChunk()).Write(output, default, token.Response, _progress.Sse);
        return true;
    }

    /// <summary>A text chunk without logprobs or finish reason, cut around its text, built with the slow path's calls.</summary>
    SseChunkTemplate BuildTextChunk()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        var writer = BeginChunk(buffer);
        writer.WriteStartArray("choices"u8);
        writer.WriteStartObject();
        writer.WritePropertyName("text"u8);
        writer.Flush();
        var prefix = buffer.WrittenSpan.ToArray();
        writer.WriteStringValue(""u8);
        writer.Flush();
        var textEnd = buffer.WrittenCount;
        EndChoiceChunk(writer, buffer, null, null);
        return new SseChunkTemplate(prefix, buffer.WrittenSpan[textEnd..].ToArray());
    }

    StreamStep INativeLineTranslator<OllamaGenerateResponse>.Translate(OllamaGenerateResponse line, IBufferWriter<byte> output)
    {
        if (!string.IsNullOrEmpty(line.Response))
            WriteChoiceChunk(output, line.Response, _includeLogprobs ? line.Logprobs : null, null);
        if (!line.Done)
            return _progress.Current;

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
            _progress.Sse.End(output);
        }
        SseEventWriter.WriteDone(output);
        return _progress.Complete();
    }

    void WriteChoiceChunk(IBufferWriter<byte> output, string text, List<OllamaLogprob>? logprobs, string? finishReason)
    {
        var writer = BeginChunk(output);
        writer.WriteStartArray("choices"u8);
        writer.WriteStartObject();
        writer.WriteString("text"u8, text);
        EndChoiceChunk(writer, output, logprobs, finishReason);
    }

    void EndChoiceChunk(Utf8JsonWriter writer, IBufferWriter<byte> output, List<OllamaLogprob>? logprobs, string? finishReason)
    {
        writer.WriteNumber("index"u8, 0);
        LegacyLogprobsWriter.Write(writer, logprobs, ref _textOffset);
        if (finishReason is null) writer.WriteNull("finish_reason"u8);
        else writer.WriteString("finish_reason"u8, finishReason);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        _progress.Sse.End(output);
    }

    Utf8JsonWriter BeginChunk(IBufferWriter<byte> output)
    {
        var writer = _progress.Sse.Begin(output);
        _progress.OutputStarted = true;
        writer.WriteStartObject();
        writer.WriteString("id"u8, _id);
        writer.WriteString("object"u8, "text_completion"u8);
        writer.WriteNumber("created"u8, _progress.Created);
        writer.WriteString("model"u8, _model);
        writer.WriteString("system_fingerprint"u8, "fp_ollama"u8);
        return writer;
    }
}
