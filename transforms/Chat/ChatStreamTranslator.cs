using System.Buffers;
using System.Text.Json;
using ModelGateway.Transforms.Ollama;
using ModelGateway.Transforms.OpenAI;
using ModelGateway.Transforms.Results;
using ModelGateway.Transforms.Serialization;
using ModelGateway.Transforms.Shared;

namespace ModelGateway.Transforms.Chat;

/// <summary>
/// Translates one native <c>/api/chat</c> NDJSON stream into OpenAI <c>chat.completion.chunk</c> SSE events,
/// one upstream line at a time (mapping doc §6.1). Not thread-safe: one instance per stream.
/// </summary>
public sealed class ChatStreamTranslator : INativeStreamTranslator, INativeLineTranslator<OllamaChatResponse>
{
    readonly JsonEncodedText _id;
    readonly JsonEncodedText _model;
    readonly bool _includeUsage;
    readonly bool _includeLogprobs;
    readonly StreamProgress _progress = new();
    ToolArgumentsWriter? _arguments; // only streams with tool calls need its scratch buffer
    bool _roleSent;
    bool _sawToolCall;
    readonly bool _singleToolCall;
    int _nextToolIndex;
    List<OllamaLogprob>? _pendingLogprobs;
    SseChunkTemplate? _deltaChunk;

    /// <param name="model">The model name the client asked for; every chunk carries it.</param>
    /// <param name="includeUsage">Write the usage chunk (<c>stream_options.include_usage</c>).</param>
    /// <param name="includeLogprobs">The client asked for logprobs: content chunks carry them.</param>
    /// <param name="id">Completion id; a fresh <c>chatcmpl-</c> id when null.</param>
    /// <param name="singleToolCall"><c>parallel_tool_calls: false</c>: only the stream's first tool call is sent.</param>
    public ChatStreamTranslator(string model, bool includeUsage, bool includeLogprobs = false, string? id = null, bool singleToolCall = false)
    {
        _singleToolCall = singleToolCall;
        Id = id ?? OpenAIIds.NewChatCompletionId();
        _id = JsonEncodedText.Encode(Id, JsonWriting.Options.Encoder);
        _model = JsonEncodedText.Encode(model, JsonWriting.Options.Encoder);
        _includeUsage = includeUsage;
        _includeLogprobs = includeLogprobs;
    }

    /// <param name="model">The model name every chunk carries; the one the client asked for when null.</param>
    public static ChatStreamTranslator For(ChatCompletionRequest request, string? model = null) =>
        new(model ?? request.Model, request.IncludeUsage, request.Logprobs, singleToolCall: request.SingleToolCall);

    public string Id { get; }

    /// <summary>Off only in tests, to compare the token fast path with the full path byte for byte.</summary>
    internal bool TokenFastPath { get; init; } = true;
    /// <summary>Whether any SSE bytes have been written; until then an upstream error can still become an HTTP error.</summary>
    public bool OutputStarted => _progress.OutputStarted;
    /// <summary>The worker's token counts, known once the <c>done</c> line arrived (also without include_usage).</summary>
    public UsageCounts? Usage { get; private set; }

    public StreamStep TranslateLine(ReadOnlySpan<byte> line, IBufferWriter<byte> output)
        => _progress.Translate(this, line, TransformsJsonContext.Default.OllamaChatResponse, output);

    public StreamStep TranslateLine(ReadOnlySequence<byte> line, IBufferWriter<byte> output)
        => _progress.Translate(this, line, TransformsJsonContext.Default.OllamaChatResponse, output);

    /// <summary>The upstream body ended: unless the stream completed, this is an error.</summary>
    public StreamStep UpstreamEnded(IBufferWriter<byte> output) => _progress.UpstreamEnded(output);

    /// <summary>Writes the SSE error event (no [DONE] follows) for an error that arrived before any output.</summary>
    public void WriteErrorEvent(string message, IBufferWriter<byte> output) => _progress.WriteErrorEvent(message, output);

    /// <summary>
    /// The fast path for a running stream's plain token line (after the first chunk, nothing pending): chunks go from the
    /// line's bytes through the stream's template. Any other line is left to the full path below, which writes the same
    /// bytes for a token line, only slower.
    /// </summary>
    bool INativeLineTranslator<OllamaChatResponse>.TryTranslateToken(ReadOnlySpan<byte> line, IBufferWriter<byte> output)
    {
        if (!TokenFastPath || !_roleSent || _pendingLogprobs is not null || !_progress.IsRunning || !ChatTokenLine.TryRead(line, out var token))
            return false;
        var chunk = _deltaChunk ??= BuildDeltaChunk();
        if (!token.Thinking.IsEmpty)
            chunk.Write(output, "\"reasoning\":"u8, token.Thinking, _progress.Sse);
        if (!token.Content.IsEmpty)
            chunk.Write(output, "\"content\":"u8, token.Content, _progress.Sse);
        return true;
    }

    /// <summary>A delta chunk after the first (no role), cut around the delta's one field, built with the slow path's calls.</summary>
    SseChunkTemplate BuildDeltaChunk()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        var writer = BeginChunk(buffer);
        writer.Flush();
        var prefix = buffer.WrittenSpan.ToArray();
        writer.WriteString("content"u8, ""u8);
        writer.Flush();
        var valueEnd = buffer.WrittenCount;
        EndChunk(writer, buffer, null, null);
        return new SseChunkTemplate(prefix, buffer.WrittenSpan[valueEnd..].ToArray());
    }

    StreamStep INativeLineTranslator<OllamaChatResponse>.Translate(OllamaChatResponse line, IBufferWriter<byte> output)
    {
        var message = line.Message;
        if (!string.IsNullOrEmpty(message?.Thinking))
        {
            var writer = BeginChunk(output);
            writer.WriteString("reasoning"u8, message.Thinking);
            EndChunk(writer, output, null, null);
        }
        if (_includeLogprobs && line.Logprobs is { Count: > 0 } logprobs)
            (_pendingLogprobs ??= []).AddRange(logprobs);
        if (!string.IsNullOrEmpty(message?.Content))
        {
            var writer = BeginChunk(output);
            writer.WriteString("content"u8, message.Content);
            EndChunk(writer, output, _pendingLogprobs, null);
            _pendingLogprobs = null;
        }
        if (message?.ToolCalls is { Count: > 0 } calls)
            WriteToolCalls(calls, output);

        if (!line.Done)
            return _progress.Current;

        if (!_roleSent)
        {
            var writer = BeginChunk(output);
            writer.WriteString("content"u8, "");
            EndChunk(writer, output, null, null);
        }
        EndChunk(BeginChunk(output), output, null, FinishReason.FromNative(line.DoneReason, _sawToolCall));

        var usage = new UsageCounts(line.PromptEvalCount ?? 0, line.EvalCount ?? 0);
        Usage = usage;
        if (_includeUsage)
            WriteUsageChunk(usage, output);
        SseEventWriter.WriteDone(output);
        return _progress.Complete();
    }

    void WriteToolCalls(List<OllamaToolCall> calls, IBufferWriter<byte> output)
    {
        if (_singleToolCall)
        {
            // A call always arrives whole, so the first one seen is complete: later ones are left out.
            if (_nextToolIndex > 0) return;
            if (calls.Count > 1) calls = calls.GetRange(0, 1);
        }
        var writer = BeginChunk(output);
        writer.WriteStartArray("tool_calls"u8);
        foreach (var call in calls)
        {
            writer.WriteStartObject();
            // Numbered here: native function.index is missing on old workers, and a call always arrives whole.
            writer.WriteNumber("index"u8, _nextToolIndex++);
            writer.WriteString("id"u8, string.IsNullOrEmpty(call.Id) ? OpenAIIds.NewToolCallId() : call.Id);
            writer.WriteString("type"u8, "function"u8);
            writer.WriteStartObject("function"u8);
            writer.WriteString("name"u8, call.Function?.Name ?? "");
            (_arguments ??= new()).Write(writer, call.Function?.Arguments);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        EndChunk(writer, output, null, null);
        _sawToolCall = true;
    }

    Utf8JsonWriter BeginChunk(IBufferWriter<byte> output)
    {
        var writer = _progress.Sse.Begin(output);
        _progress.OutputStarted = true;
        WriteEnvelopeStart(writer);
        writer.WriteStartArray("choices"u8);
        writer.WriteStartObject();
        writer.WriteNumber("index"u8, 0);
        writer.WriteStartObject("delta"u8);
        if (!_roleSent)
        {
            writer.WriteString("role"u8, "assistant"u8);
            _roleSent = true;
        }
        return writer;
    }

    void EndChunk(Utf8JsonWriter writer, IBufferWriter<byte> output, List<OllamaLogprob>? logprobs, string? finishReason)
    {
        writer.WriteEndObject(); // delta
        ChatLogprobsWriter.Write(writer, logprobs);
        if (finishReason is null) writer.WriteNull("finish_reason"u8);
        else writer.WriteString("finish_reason"u8, finishReason);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        _progress.Sse.End(output);
    }

    void WriteUsageChunk(UsageCounts usage, IBufferWriter<byte> output)
    {
        var writer = _progress.Sse.Begin(output);
        WriteEnvelopeStart(writer);
        writer.WriteStartArray("choices"u8);
        writer.WriteEndArray();
        UsageWriter.Write(writer, usage);
        writer.WriteEndObject();
        _progress.Sse.End(output);
    }

    void WriteEnvelopeStart(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("id"u8, _id);
        writer.WriteString("object"u8, "chat.completion.chunk"u8);
        writer.WriteNumber("created"u8, _progress.Created);
        writer.WriteString("model"u8, _model);
        writer.WriteString("system_fingerprint"u8, "fp_ollama"u8);
    }
}
