using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OllamaSim.Generation;
using OllamaSim.Inference;
using OllamaSim.Requests;
using OllamaSim.Faults;
using OllamaSim.Wire;

namespace OllamaSim.OpenAi;

/// <summary>
/// Writes chat completions as Ollama's own OpenAI layer (≥ v0.32.6, mapping doc §4 and §6.2): one JSON object,
/// or SSE chunks with the role on the first delta, a separate finish chunk, an optional usage chunk, and <c>[DONE]</c>.
/// </summary>
public sealed class OpenAiChatSink(HttpContext context, CompletionRequest request, bool includeUsage, TimeProvider time) : IReplySink
{
    static readonly byte[] DataPrefix = "data: "u8.ToArray();
    static readonly byte[] EventEnd = "\n\n"u8.ToArray();

    readonly string _id = "chatcmpl-" + Random.Shared.Next(0, 999);
    readonly long _created = time.GetUtcNow().ToUnixTimeSeconds();
    readonly StringBuilder _content = new();
    readonly StringBuilder _reasoning = new();
    readonly List<ToolCallOut> _toolCalls = [];
    bool _roleSent;

    public bool Started { get; private set; }

    public Task WriteLoadOnlyAsync(string doneReason) => throw new InvalidOperationException("the OpenAI layer rejects empty messages");

    public async ValueTask WritePieceAsync(ReplyPiece piece, CancellationToken cancellationToken)
    {
        if (piece.ToolCalls != null) _toolCalls.AddRange(piece.ToolCalls);
        if (!request.Stream)
        {
            _content.Append(piece.Content);
            _reasoning.Append(piece.Thinking);
            return;
        }
        await WriteChunkAsync(w =>
        {
            WriteChunkHead(w);
            w.WriteStartObject("delta");
            if (!_roleSent) w.WriteString("role", "assistant");
            _roleSent = true;
            if (piece.Thinking.Length > 0) w.WriteString("reasoning", piece.Thinking);
            else w.WriteString("content", piece.Content);
            if (piece.ToolCalls != null) WriteToolCalls(w, piece.ToolCalls, withIndex: true);
            w.WriteEndObject();
            w.WriteNull("finish_reason");
            WriteChunkTail(w);
        }, cancellationToken);
    }

    public async Task WriteFinalAsync(ReplyPlan plan, ReplyMetrics metrics, CancellationToken cancellationToken)
    {
        var finish = plan.DoneReason == "length" ? "length" : _toolCalls.Count > 0 ? "tool_calls" : "stop";
        if (!request.Stream)
        {
            await JsonBody.WriteAsync(context.Response, 200, w =>
            {
                w.WriteStartObject();
                WriteHead(w, "chat.completion");
                w.WriteStartArray("choices");
                w.WriteStartObject();
                w.WriteNumber("index", 0);
                w.WriteStartObject("message");
                w.WriteString("role", "assistant");
                w.WriteString("content", _content.ToString());
                if (_reasoning.Length > 0) w.WriteString("reasoning", _reasoning.ToString());
                if (_toolCalls.Count > 0) WriteToolCalls(w, _toolCalls, withIndex: true);
                w.WriteEndObject();
                w.WriteString("finish_reason", finish);
                w.WriteEndObject();
                w.WriteEndArray();
                WriteUsage(w, metrics);
                w.WriteEndObject();
            });
            return;
        }
        await WriteChunkAsync(w =>
        {
            WriteChunkHead(w);
            w.WriteStartObject("delta");
            if (!_roleSent)
            {
                w.WriteString("role", "assistant");
                w.WriteString("content", "");
            }
            w.WriteEndObject();
            w.WriteString("finish_reason", finish);
            WriteChunkTail(w);
        }, cancellationToken);
        if (includeUsage)
            await WriteChunkAsync(w =>
            {
                w.WriteStartObject();
                WriteHead(w, "chat.completion.chunk");
                w.WriteStartArray("choices");
                w.WriteEndArray();
                WriteUsage(w, metrics);
                w.WriteEndObject();
            }, cancellationToken);
        await WriteRawAsync("data: [DONE]\n\n"u8.ToArray(), cancellationToken);
    }

    public async Task WriteErrorAsync(ApiError error)
    {
        if (!Started)
        {
            await OpenAiError.WriteAsync(context.Response, error.Status, error.Message);
            return;
        }
        await WriteChunkAsync(w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteString("message", error.Message);
            w.WriteString("type", OpenAiError.TypeFor(error.Status));
            w.WriteNull("param");
            w.WriteNull("code");
            w.WriteEndObject();
            w.WriteEndObject();
        }, CancellationToken.None);
    }

    public async Task AbortMidBodyAsync()
    {
        if (!Started) await WriteRawAsync("data: {\"id\":"u8.ToArray(), CancellationToken.None);
        await ConnectionDrop.AbortAfterFlushAsync(context);
    }

    void WriteHead(Utf8JsonWriter w, string type)
    {
        w.WriteString("id", _id);
        w.WriteString("object", type);
        w.WriteNumber("created", _created);
        w.WriteString("model", request.Model);
        w.WriteString("system_fingerprint", "fp_ollama");
    }

    void WriteChunkHead(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        WriteHead(w, "chat.completion.chunk");
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
    }

    static void WriteChunkTail(Utf8JsonWriter w)
    {
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    static void WriteToolCalls(Utf8JsonWriter w, IReadOnlyList<ToolCallOut> calls, bool withIndex)
    {
        w.WriteStartArray("tool_calls");
        foreach (var call in calls)
        {
            w.WriteStartObject();
            w.WriteString("id", call.Id ?? "");
            if (withIndex) w.WriteNumber("index", call.Index);
            w.WriteString("type", "function");
            w.WriteStartObject("function");
            w.WriteString("name", call.Name);
            w.WriteString("arguments", call.Arguments.ToJsonString());
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    static void WriteUsage(Utf8JsonWriter w, ReplyMetrics m)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", m.PromptEvalCount);
        w.WriteNumber("completion_tokens", m.EvalCount);
        w.WriteNumber("total_tokens", m.PromptEvalCount + m.EvalCount);
        w.WriteEndObject();
    }

    async Task WriteChunkAsync(Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        var body = context.Response.BodyWriter;
        await StartIfNeededAsync(cancellationToken);
        body.Write(DataPrefix);
        using (var writer = new Utf8JsonWriter(body, JsonBody.WriterOptions)) write(writer);
        body.Write(EventEnd);
        await body.FlushAsync(cancellationToken);
    }

    async Task WriteRawAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        await StartIfNeededAsync(cancellationToken);
        context.Response.BodyWriter.Write(bytes);
        await context.Response.BodyWriter.FlushAsync(cancellationToken);
    }

    async Task StartIfNeededAsync(CancellationToken cancellationToken)
    {
        if (Started) return;
        Started = true;
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.StartAsync(cancellationToken);
    }
}
