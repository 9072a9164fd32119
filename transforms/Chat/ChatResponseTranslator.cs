using System.Buffers;
using System.Text.Json;
using ModelGateway.Transforms.Ollama;
using ModelGateway.Transforms.OpenAI;
using ModelGateway.Transforms.Results;
using ModelGateway.Transforms.Serialization;
using ModelGateway.Transforms.Shared;

namespace ModelGateway.Transforms.Chat;

/// <summary>Native non-streamed <c>/api/chat</c> body → OpenAI <c>chat.completion</c> (mapping doc §4).</summary>
public static class ChatResponseTranslator
{
    /// <param name="model">The model name the reply carries; the one the client asked for when null.</param>
    public static ResponseTranslation Translate(ReadOnlySpan<byte> nativeJson, ChatCompletionRequest request, IBufferWriter<byte> output, string? model = null) =>
        Translate(nativeJson, model ?? request.Model, request.Logprobs, output, singleToolCall: request.SingleToolCall);

    /// <param name="model">The model name the client asked for.</param>
    /// <param name="includeLogprobs">The client asked for logprobs; otherwise <c>logprobs</c> is null.</param>
    /// <param name="id">Completion id; a fresh <c>chatcmpl-</c> id when null.</param>
    /// <param name="singleToolCall">
    /// <c>parallel_tool_calls: false</c>: Ollama has no such switch and a model may still call several tools at once;
    /// the first call is kept, as OpenAI guarantees at most one.
    /// </param>
    public static ResponseTranslation Translate(ReadOnlySpan<byte> nativeJson, string model, bool includeLogprobs,
        IBufferWriter<byte> output, string? id = null, bool singleToolCall = false)
    {
        if (!NativeLineReader.TryRead(nativeJson, TransformsJsonContext.Default.OllamaChatResponse, out var native))
            return ResponseTranslation.Failure("the worker sent a response that is not valid JSON");
        if (native!.Error is { } error)
            return ResponseTranslation.Failure(error);

        var usage = new UsageCounts(native.PromptEvalCount ?? 0, native.EvalCount ?? 0);
        var message = native.Message;
        var calls = message?.ToolCalls is { Count: > 0 } list ? singleToolCall && list.Count > 1 ? list.GetRange(0, 1) : list : null;
        var content = message?.Content ?? "";

        using var writer = new Utf8JsonWriter(output, JsonWriting.Options);
        writer.WriteStartObject();
        writer.WriteString("id"u8, id ?? OpenAIIds.NewChatCompletionId());
        writer.WriteString("object"u8, "chat.completion"u8);
        writer.WriteNumber("created"u8, OllamaTimestamp.ToUnixSecondsOrNow(native.CreatedAt));
        writer.WriteString("model"u8, model);
        writer.WriteString("system_fingerprint"u8, "fp_ollama"u8);
        writer.WriteStartArray("choices"u8);
        writer.WriteStartObject();
        writer.WriteNumber("index"u8, 0);

        writer.WriteStartObject("message"u8);
        writer.WriteString("role"u8, "assistant"u8);
        if (content.Length == 0 && calls is not null) writer.WriteNull("content"u8);
        else writer.WriteString("content"u8, content);
        writer.WriteNull("refusal"u8);
        if (!string.IsNullOrEmpty(message?.Thinking))
            writer.WriteString("reasoning"u8, message.Thinking);
        if (calls is not null)
            WriteToolCalls(writer, calls);
        writer.WriteEndObject();

        ChatLogprobsWriter.Write(writer, includeLogprobs ? native.Logprobs : null);
        writer.WriteString("finish_reason"u8, FinishReason.FromNative(native.DoneReason, calls is not null));
        writer.WriteEndObject();
        writer.WriteEndArray();
        UsageWriter.Write(writer, usage);
        writer.WriteEndObject();
        writer.Flush();
        return ResponseTranslation.Success(usage);
    }

    static void WriteToolCalls(Utf8JsonWriter writer, List<OllamaToolCall> calls)
    {
        var arguments = new ToolArgumentsWriter();
        writer.WriteStartArray("tool_calls"u8);
        foreach (var call in calls)
        {
            writer.WriteStartObject();
            writer.WriteString("id"u8, string.IsNullOrEmpty(call.Id) ? OpenAIIds.NewToolCallId() : call.Id);
            writer.WriteString("type"u8, "function"u8);
            writer.WriteStartObject("function"u8);
            writer.WriteString("name"u8, call.Function?.Name ?? "");
            arguments.Write(writer, call.Function?.Arguments);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
