using System.Buffers;
using System.Text.Json.Serialization.Metadata;
using ModelGateway.Transforms.Results;

namespace ModelGateway.Transforms.Shared;

/// <summary>
/// Where one translated stream stands — running, completed or failed, and whether any event went out — and the
/// handling every native line gets before an endpoint-specific translator sees it (blank, not JSON, an error line,
/// the first timestamp). Shared by the chat and legacy-completion stream translators.
/// </summary>
internal sealed class StreamProgress
{
    const string EndedUnexpectedly = "upstream stream ended unexpectedly";
    const string InvalidLine = "the worker sent a response line that is not valid JSON";

    StreamStepKind _state = StreamStepKind.Continue;
    string? _error;
    bool _createdKnown;

    public SseEventWriter Sse { get; } = new();

    /// <summary>
    /// Writes the in-stream error event instead of chat's <c>data: {"error":...}</c> (the Responses API has its own
    /// event); only read when a stream fails.
    /// </summary>
    public Action<IBufferWriter<byte>, string>? ErrorEventWriter { get; init; }

    /// <summary>Whether any SSE bytes have been written; until then an upstream error can still become an HTTP error.</summary>
    public bool OutputStarted { get; set; }

    /// <summary>Unix seconds of the first line's <c>created_at</c>, pinned for the whole stream.</summary>
    public long Created { get; private set; }

    public StreamStep Current => new(_state, OutputStarted, _error);

    /// <summary>Neither completed nor failed: lines are still translated.</summary>
    public bool IsRunning => _state == StreamStepKind.Continue;

    /// <summary>One line of the worker's stream: a running stream's token line by the translator's fast path, any other parsed and translated in full.</summary>
    public StreamStep Translate<TTranslator, TLine>(TTranslator translator, ReadOnlySpan<byte> line, JsonTypeInfo<TLine> type, IBufferWriter<byte> output)
        where TTranslator : INativeLineTranslator<TLine> where TLine : class, INativeResponseLine
    {
        if (translator.TryTranslateToken(line, output)) return Current;
        return Accept(line, type, output, out var step) is { } parsed ? translator.Translate(parsed, output) : step;
    }

    /// <summary>The same for a line split across buffer segments: a short one is copied to the stack for the fast path.</summary>
    public StreamStep Translate<TTranslator, TLine>(TTranslator translator, ReadOnlySequence<byte> line, JsonTypeInfo<TLine> type, IBufferWriter<byte> output)
        where TTranslator : INativeLineTranslator<TLine> where TLine : class, INativeResponseLine
    {
        if (line.IsSingleSegment) return Translate(translator, line.FirstSpan, type, output);
        if (line.Length <= TokenLineCopy.MaxBytes)
        {
            Span<byte> copy = stackalloc byte[(int)line.Length];
            line.CopyTo(copy);
            if (translator.TryTranslateToken(copy, output)) return Current;
        }
        return Accept(line, type, output, out var step) is { } parsed ? translator.Translate(parsed, output) : step;
    }

    /// <summary>The parsed line to translate, or null when there is nothing to translate; <paramref name="step"/> then says why.</summary>
    public TLine? Accept<TLine>(ReadOnlySpan<byte> line, JsonTypeInfo<TLine> type, IBufferWriter<byte> output, out StreamStep step)
        where TLine : class, INativeResponseLine
    {
        step = Current;
        if (_state != StreamStepKind.Continue || NativeLineReader.IsBlank(line)) return null;
        return NativeLineReader.TryRead(line, type, out var parsed) ? Admit(parsed!, output, out step) : Reject<TLine>(InvalidLine, output, out step);
    }

    public TLine? Accept<TLine>(ReadOnlySequence<byte> line, JsonTypeInfo<TLine> type, IBufferWriter<byte> output, out StreamStep step)
        where TLine : class, INativeResponseLine
    {
        if (line.IsSingleSegment) return Accept(line.FirstSpan, type, output, out step);
        step = Current;
        if (_state != StreamStepKind.Continue || NativeLineReader.IsBlank(line)) return null;
        return NativeLineReader.TryRead(line, type, out var parsed) ? Admit(parsed!, output, out step) : Reject<TLine>(InvalidLine, output, out step);
    }

    TLine? Admit<TLine>(TLine line, IBufferWriter<byte> output, out StreamStep step) where TLine : class, INativeResponseLine
    {
        if (line.Error is { } error) return Reject<TLine>(error, output, out step);
        if (!_createdKnown)
        {
            Created = OllamaTimestamp.ToUnixSecondsOrNow(line.CreatedAt);
            _createdKnown = true;
        }
        step = Current;
        return line;
    }

    TLine? Reject<TLine>(string message, IBufferWriter<byte> output, out StreamStep step) where TLine : class
    {
        step = Fail(message, output);
        return null;
    }

    public StreamStep Complete()
    {
        _state = StreamStepKind.Completed;
        return Current;
    }

    /// <summary>Fails the stream; once output has started the SSE error event is written (no [DONE] follows).</summary>
    public StreamStep Fail(string message, IBufferWriter<byte> output)
    {
        _state = StreamStepKind.UpstreamError;
        _error = message;
        if (OutputStarted) WriteError(output, message);
        return Current;
    }

    /// <summary>The upstream body ended: unless the stream completed, this is an error (mapping doc §6.1 step 8).</summary>
    public StreamStep UpstreamEnded(IBufferWriter<byte> output)
        => _state == StreamStepKind.Continue ? Fail(EndedUnexpectedly, output) : Current;

    void WriteError(IBufferWriter<byte> output, string message)
    {
        if (ErrorEventWriter is { } custom) custom(output, message);
        else Sse.WriteError(output, message);
    }

    /// <summary>Writes the SSE error event on the gateway's request (an error that arrived before any output).</summary>
    public void WriteErrorEvent(string message, IBufferWriter<byte> output)
    {
        WriteError(output, message);
        OutputStarted = true;
        _state = StreamStepKind.UpstreamError;
        _error ??= message;
    }
}
