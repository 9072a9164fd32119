using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OllamaSim.Configuration;
using OllamaSim.Faults;
using OllamaSim.Generation;
using OllamaSim.Requests;
using OllamaSim.Wire;

namespace OllamaSim.Inference;

/// <summary>
/// Writes /api/chat and /api/generate responses in Ollama's field order (§3.2, §4.2): NDJSON lines flushed one
/// by one, or a single object with everything concatenated when <c>stream:false</c>.
/// </summary>
public sealed class NativeReplySink(HttpContext context, CompletionRequest request, ServerVersion version, TimeProvider time) : IReplySink
{
    readonly NdjsonStream _stream = new(context.Response);
    readonly StringBuilder _content = new();
    readonly StringBuilder _thinking = new();
    readonly List<ToolCallOut> _toolCalls = [];
    readonly List<TokenLogprob> _logprobs = [];
    bool IsChat => request.Kind == CompletionKind.Chat;

    public bool Started => _stream.Started;

    public Task WriteLoadOnlyAsync(string doneReason) =>
        JsonBody.WriteAsync(context.Response, 200, w =>
        {
            WriteHead(w);
            WriteText(w, "", "", null);
            w.WriteBoolean("done", true);
            w.WriteString("done_reason", doneReason);
            w.WriteEndObject();
        });

    public async ValueTask WritePieceAsync(ReplyPiece piece, CancellationToken cancellationToken)
    {
        if (!request.Stream)
        {
            _content.Append(piece.Content);
            _thinking.Append(piece.Thinking);
            if (piece.ToolCalls != null) _toolCalls.AddRange(piece.ToolCalls);
            if (piece.Logprob != null) _logprobs.Add(piece.Logprob);
            return;
        }
        await _stream.WriteLineAsync(w =>
        {
            WriteHead(w);
            WriteText(w, piece.Content, piece.Thinking, piece.ToolCalls);
            w.WriteBoolean("done", false);
            WriteLogprobs(w, piece.Logprob);
            w.WriteEndObject();
        }, cancellationToken);
    }

    public async Task WriteFinalAsync(ReplyPlan plan, ReplyMetrics metrics, CancellationToken cancellationToken)
    {
        void Write(Utf8JsonWriter w)
        {
            WriteHead(w);
            if (request.Stream) WriteText(w, "", "", null);
            else WriteText(w, _content.ToString(), _thinking.ToString(), _toolCalls.Count > 0 ? _toolCalls : null);
            w.WriteBoolean("done", true);
            w.WriteString("done_reason", plan.DoneReason);
            if (IsChat)
            {
                if (!request.Stream) WriteLogprobList(w, _logprobs);
                WriteMetrics(w, metrics);
            }
            else
            {
                if (plan.Context != null)
                {
                    w.WriteStartArray("context");
                    foreach (var id in plan.Context) w.WriteNumberValue(id);
                    w.WriteEndArray();
                }
                WriteMetrics(w, metrics);
                if (!request.Stream) WriteLogprobList(w, _logprobs);
            }
            w.WriteEndObject();
        }
        if (request.Stream) await _stream.WriteLineAsync(Write, cancellationToken);
        else await JsonBody.WriteAsync(context.Response, 200, Write);
    }

    public Task WriteErrorAsync(ApiError error)
    {
        if (Started)
            return _stream.WriteLineAsync(w =>
            {
                w.WriteStartObject();
                w.WriteString("error", error.Message);
                w.WriteEndObject();
            }, CancellationToken.None).AsTask();
        // Runner errors at the start of a stream are written by Ollama's stream helper, without a charset.
        var type = error.FromRunner && request.Stream ? "application/json" : JsonBody.ContentType;
        return JsonBody.WriteErrorAsync(context.Response, error.Status, error.Message, type);
    }

    public async Task AbortMidBodyAsync()
    {
        if (!Started)
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = JsonBody.ContentType;
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes($"{{\"model\":{JsonSerializer.Serialize(request.Model)},\"created_at\":"));
            await context.Response.Body.FlushAsync();
        }
        await ConnectionDrop.AbortAfterFlushAsync(context);
    }

    void WriteHead(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("model", request.Model);
        w.WriteString("created_at", GoTime.Format(time.GetUtcNow()));
    }

    void WriteText(Utf8JsonWriter w, string content, string thinking, IReadOnlyList<ToolCallOut>? toolCalls)
    {
        if (!IsChat)
        {
            w.WriteString("response", content);
            if (thinking.Length > 0) w.WriteString("thinking", thinking);
            return;
        }
        w.WriteStartObject("message");
        w.WriteString("role", "assistant");
        w.WriteString("content", content);
        if (thinking.Length > 0) w.WriteString("thinking", thinking);
        if (toolCalls is { Count: > 0 })
        {
            w.WriteStartArray("tool_calls");
            foreach (var call in toolCalls) WriteToolCall(w, call);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    void WriteToolCall(Utf8JsonWriter w, ToolCallOut call)
    {
        w.WriteStartObject();
        if (call.Id != null) w.WriteString("id", call.Id);
        w.WriteStartObject("function");
        // Before 0.12.6 index was omitempty, so the first call carried none.
        if (call.Index != 0 || version.AlwaysWritesToolIndex) w.WriteNumber("index", call.Index);
        w.WriteString("name", call.Name);
        w.WritePropertyName("arguments");
        call.Arguments.WriteTo(w);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    static void WriteMetrics(Utf8JsonWriter w, ReplyMetrics m)
    {
        if (m.TotalNs > 0) w.WriteNumber("total_duration", m.TotalNs);
        if (m.LoadNs > 0) w.WriteNumber("load_duration", m.LoadNs);
        if (m.PromptEvalCount > 0) w.WriteNumber("prompt_eval_count", m.PromptEvalCount);
        if (m.PromptEvalNs > 0) w.WriteNumber("prompt_eval_duration", m.PromptEvalNs);
        if (m.EvalCount > 0) w.WriteNumber("eval_count", m.EvalCount);
        if (m.EvalNs > 0) w.WriteNumber("eval_duration", m.EvalNs);
    }

    static void WriteLogprobs(Utf8JsonWriter w, TokenLogprob? logprob)
    {
        if (logprob != null) WriteLogprobList(w, [logprob]);
    }

    static void WriteLogprobList(Utf8JsonWriter w, IReadOnlyList<TokenLogprob> logprobs)
    {
        if (logprobs.Count == 0) return;
        w.WriteStartArray("logprobs");
        foreach (var lp in logprobs)
        {
            w.WriteStartObject();
            w.WriteString("token", lp.Token);
            w.WriteNumber("logprob", lp.Logprob);
            w.WriteStartArray("bytes");
            foreach (var b in Encoding.UTF8.GetBytes(lp.Token)) w.WriteNumberValue(b);
            w.WriteEndArray();
            if (lp.Top.Count > 0)
            {
                w.WriteStartArray("top_logprobs");
                foreach (var (token, value) in lp.Top)
                {
                    w.WriteStartObject();
                    w.WriteString("token", token);
                    w.WriteNumber("logprob", value);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
