using System.Buffers;
using System.Text;
using System.Text.Json;
using ModelGateway.Transforms.Chat;
using ModelGateway.Transforms.Ollama;
using ModelGateway.Transforms.Results;
using ModelGateway.Transforms.Serialization;
using ModelGateway.Transforms.Shared;

namespace ModelGateway.Transforms.Responses;

/// <summary>
/// Translates one native <c>/api/chat</c> NDJSON stream into the Responses API's SSE events
/// (<c>event: &lt;type&gt;</c> + <c>data: {json}</c>, each with its <c>sequence_number</c>): response.created and
/// response.in_progress with the first line; then per output item output_item.added, content_part.added, the text
/// deltas, their done event, content_part.done, output_item.done (a function call: added, its arguments in one delta,
/// arguments done, item done); finally response.completed, or response.incomplete when the token limit cut the answer.
/// A failure after output started is an <c>error</c> event. Not thread-safe: one instance per stream.
/// </summary>
public sealed class ResponseStreamTranslator : INativeStreamTranslator, INativeLineTranslator<OllamaChatResponse>
{
    readonly ResponseRequest _request;
    readonly string _model;
    readonly StreamProgress _progress;
    readonly List<ResponseOutputItem> _items = [];
    ResponseOutputItem? _open;
    int _sequence;
    bool _started;

    /// <param name="id">The response id (<see cref="OpenAI.OpenAIIds.NewResponseId"/>).</param>
    /// <param name="model">The model name the response carries.</param>
    public ResponseStreamTranslator(ResponseRequest request, string id, string model)
    {
        _request = request;
        _model = model;
        Id = id;
        _progress = new StreamProgress { ErrorEventWriter = WriteFailure };
    }

    public string Id { get; }
    public bool OutputStarted => _progress.OutputStarted;
    public UsageCounts? Usage { get; private set; }

    /// <summary>The finished response once the stream completed (also when cut by the token limit); null before, or after a failure.</summary>
    public ResponseResult? Result { get; private set; }

    public StreamStep TranslateLine(ReadOnlySpan<byte> line, IBufferWriter<byte> output)
        => _progress.Translate(this, line, TransformsJsonContext.Default.OllamaChatResponse, output);

    public StreamStep TranslateLine(ReadOnlySequence<byte> line, IBufferWriter<byte> output)
        => _progress.Translate(this, line, TransformsJsonContext.Default.OllamaChatResponse, output);

    public StreamStep UpstreamEnded(IBufferWriter<byte> output) => _progress.UpstreamEnded(output);

    public void WriteErrorEvent(string message, IBufferWriter<byte> output) => _progress.WriteErrorEvent(message, output);

    /// <summary>A running stream's plain token line, read without building the DTO (the same text the full path reads).</summary>
    bool INativeLineTranslator<OllamaChatResponse>.TryTranslateToken(ReadOnlySpan<byte> line, IBufferWriter<byte> output)
    {
        if (!_started || !_progress.IsRunning || !ChatTokenLine.TryRead(line, out var token))
            return false;
        if (!token.Thinking.IsEmpty) Append(ResponseItemKind.Reasoning, Text(token.Thinking), output);
        if (!token.Content.IsEmpty) Append(ResponseItemKind.Message, Text(token.Content), output);
        return true;
    }

    static string Text(NativeString value) => value.Text ?? Encoding.UTF8.GetString(value.Verbatim);

    StreamStep INativeLineTranslator<OllamaChatResponse>.Translate(OllamaChatResponse line, IBufferWriter<byte> output)
    {
        if (!_started)
        {
            _started = true;
            _progress.OutputStarted = true;
            WriteLifecycle("response.created"u8, "in_progress", null, output);
            WriteLifecycle("response.in_progress"u8, "in_progress", null, output);
        }
        var message = line.Message;
        if (!string.IsNullOrEmpty(message?.Thinking)) Append(ResponseItemKind.Reasoning, message.Thinking, output);
        if (!string.IsNullOrEmpty(message?.Content)) Append(ResponseItemKind.Message, message.Content, output);
        if (message?.ToolCalls is { Count: > 0 } calls)
            foreach (var call in calls)
                AddCall(call, output);
        if (!line.Done)
            return _progress.Current;

        var incomplete = line.DoneReason == "length";
        // An answer with nothing in it is still an (empty) message, so output_text is "" rather than missing.
        if (_items.Count == 0) Open(ResponseItemKind.Message, output);
        Close(output, incomplete);
        var usage = new UsageCounts(line.PromptEvalCount ?? 0, line.EvalCount ?? 0);
        Usage = usage;
        var status = incomplete ? "incomplete" : "completed";
        var json = WriteLifecycle(incomplete ? "response.incomplete"u8 : "response.completed"u8, status,
            incomplete ? null : OllamaTimestamp.ToUnixSecondsOrNow(line.CreatedAt), output, usage);
        Result = ResponseResult.Create(Id, status, json, _items);
        return _progress.Complete();
    }

    void Append(ResponseItemKind kind, string delta, IBufferWriter<byte> output)
    {
        if (_open?.Kind != kind)
        {
            Close(output, incomplete: false);
            Open(kind, output);
        }
        var item = _open!;
        item.Text.Append(delta);
        var writer = BeginEvent(kind == ResponseItemKind.Message ? "response.output_text.delta"u8 : "response.reasoning_text.delta"u8, output);
        WritePosition(writer, item, content: true);
        writer.WriteString("delta"u8, delta);
        if (kind == ResponseItemKind.Message) WriteEmptyArray(writer, "logprobs"u8);
        EndEvent(writer, output);
    }

    void Open(ResponseItemKind kind, IBufferWriter<byte> output)
    {
        var item = kind == ResponseItemKind.Message
            ? ResponseOutputItem.Message(OpenAI.OpenAIIds.NewMessageItemId())
            : ResponseOutputItem.Reasoning(OpenAI.OpenAIIds.NewReasoningItemId());
        _items.Add(item);
        _open = item;
        WriteItemEvent("response.output_item.added"u8, item, announced: true, output);
        var writer = BeginEvent("response.content_part.added"u8, output);
        WritePosition(writer, item, content: true);
        writer.WritePropertyName("part"u8);
        item.WriteTextPart(writer, empty: true);
        EndEvent(writer, output);
    }

    void Close(IBufferWriter<byte> output, bool incomplete)
    {
        if (_open is not { } item) return;
        _open = null;
        item.Done = true;
        item.Incomplete = incomplete;
        var writer = BeginEvent(item.Kind == ResponseItemKind.Message ? "response.output_text.done"u8 : "response.reasoning_text.done"u8, output);
        WritePosition(writer, item, content: true);
        writer.WriteString("text"u8, item.Text.ToString());
        if (item.Kind == ResponseItemKind.Message) WriteEmptyArray(writer, "logprobs"u8);
        EndEvent(writer, output);

        writer = BeginEvent("response.content_part.done"u8, output);
        WritePosition(writer, item, content: true);
        writer.WritePropertyName("part"u8);
        item.WriteTextPart(writer);
        EndEvent(writer, output);
        WriteItemEvent("response.output_item.done"u8, item, announced: false, output);
    }

    void AddCall(OllamaToolCall call, IBufferWriter<byte> output)
    {
        // parallel_tool_calls: false: a call always arrives whole, so the first one is complete and later ones are left out.
        if (_request.Chat.SingleToolCall && _items.Exists(i => i.Kind == ResponseItemKind.FunctionCall)) return;
        Close(output, incomplete: false);
        var item = ResponseOutputItem.FunctionCall(call);
        _items.Add(item);
        WriteItemEvent("response.output_item.added"u8, item, announced: true, output);
        var writer = BeginEvent("response.function_call_arguments.delta"u8, output);
        WritePosition(writer, item, content: false);
        writer.WriteString("delta"u8, item.Arguments);
        EndEvent(writer, output);
        writer = BeginEvent("response.function_call_arguments.done"u8, output);
        WritePosition(writer, item, content: false);
        writer.WriteString("name"u8, item.Name);
        writer.WriteString("arguments"u8, item.Arguments);
        EndEvent(writer, output);
        WriteItemEvent("response.output_item.done"u8, item, announced: false, output);
    }

    void WriteItemEvent(ReadOnlySpan<byte> type, ResponseOutputItem item, bool announced, IBufferWriter<byte> output)
    {
        var writer = BeginEvent(type, output);
        writer.WriteNumber("output_index"u8, _items.IndexOf(item));
        writer.WritePropertyName("item"u8);
        item.WriteTo(writer, announced);
        EndEvent(writer, output);
    }

    /// <summary>A lifecycle event carrying the whole Response object; returns that object's JSON.</summary>
    byte[] WriteLifecycle(ReadOnlySpan<byte> type, string status, long? completedAt, IBufferWriter<byte> output, UsageCounts? usage = null)
    {
        var response = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(response, JsonWriting.Options))
            ResponseObjectWriter.Write(json, _request, Id, _model, _progress.Created, status, completedAt,
                status == "in_progress" ? [] : _items, usage);
        var writer = BeginEvent(type, output);
        writer.WritePropertyName("response"u8);
        writer.WriteRawValue(response.WrittenSpan, skipInputValidation: true);
        EndEvent(writer, output);
        return response.WrittenSpan.ToArray();
    }

    void WritePosition(Utf8JsonWriter writer, ResponseOutputItem item, bool content)
    {
        writer.WriteString("item_id"u8, item.Id);
        writer.WriteNumber("output_index"u8, _items.IndexOf(item));
        if (content) writer.WriteNumber("content_index"u8, 0);
    }

    Utf8JsonWriter BeginEvent(ReadOnlySpan<byte> type, IBufferWriter<byte> output)
    {
        output.Write("event: "u8);
        output.Write(type);
        output.Write("\n"u8);
        var writer = _progress.Sse.Begin(output);
        writer.WriteStartObject();
        writer.WriteString("type"u8, type);
        writer.WriteNumber("sequence_number"u8, _sequence++);
        return writer;
    }

    void EndEvent(Utf8JsonWriter writer, IBufferWriter<byte> output)
    {
        writer.WriteEndObject();
        _progress.Sse.End(output);
    }

    /// <summary>The Responses API's in-stream error (<c>event: error</c>); the gateway then ends the connection.</summary>
    void WriteFailure(IBufferWriter<byte> output, string message)
    {
        var writer = BeginEvent("error"u8, output);
        writer.WriteString("code"u8, "server_error"u8);
        writer.WriteString("message"u8, message);
        writer.WriteNull("param"u8);
        EndEvent(writer, output);
    }

    static void WriteEmptyArray(Utf8JsonWriter writer, ReadOnlySpan<byte> name)
    {
        writer.WriteStartArray(name);
        writer.WriteEndArray();
    }
}
