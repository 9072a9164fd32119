using System.Buffers;
using System.Text.Json;
using ModelGateway.Transforms.Ollama;
using ModelGateway.Transforms.OpenAI;
using ModelGateway.Transforms.Results;
using ModelGateway.Transforms.Serialization;
using ModelGateway.Transforms.Shared;

namespace ModelGateway.Transforms.Responses;

/// <summary>
/// Native non-streamed <c>/api/chat</c> body → OpenAI Response object: a reasoning item when the model thought, a
/// message item with the text (left out when the answer is only tool calls), a function_call item per call.
/// </summary>
public static class ResponseTranslator
{
    /// <param name="id">The response id (<see cref="OpenAIIds.NewResponseId"/>).</param>
    /// <param name="model">The model name the response carries.</param>
    /// <param name="result">The finished response, for the store; null on failure.</param>
    public static ResponseTranslation Translate(ReadOnlySpan<byte> nativeJson, ResponseRequest request, string id, string model,
        IBufferWriter<byte> output, out ResponseResult? result)
    {
        result = null;
        if (!NativeLineReader.TryRead(nativeJson, TransformsJsonContext.Default.OllamaChatResponse, out var native))
            return ResponseTranslation.Failure("the worker sent a response that is not valid JSON");
        if (native!.Error is { } error)
            return ResponseTranslation.Failure(error);

        var incomplete = native.DoneReason == "length";
        var items = new List<ResponseOutputItem>();
        var message = native.Message;
        if (!string.IsNullOrEmpty(message?.Thinking))
            items.Add(Finished(ResponseOutputItem.Reasoning(OpenAIIds.NewReasoningItemId()), message.Thinking));
        var calls = message?.ToolCalls is { Count: > 0 } list ? request.Chat.SingleToolCall ? list.GetRange(0, 1) : list : null;
        if (!string.IsNullOrEmpty(message?.Content) || (calls is null && items.Count == 0))
            items.Add(Finished(ResponseOutputItem.Message(OpenAIIds.NewMessageItemId()), message?.Content ?? ""));
        // The limit cut the last thing generated: the answer if there is one, else the thinking; a call arrives whole.
        // The stream reports the same items (an item is complete once the next one starts).
        if (incomplete && calls is null) items[^1].Incomplete = true;
        foreach (var call in calls ?? [])
            items.Add(ResponseOutputItem.FunctionCall(call));

        var usage = new UsageCounts(native.PromptEvalCount ?? 0, native.EvalCount ?? 0);
        var created = OllamaTimestamp.ToUnixSecondsOrNow(native.CreatedAt);
        var status = incomplete ? "incomplete" : "completed";
        // Kept for the store as well as sent: built once, copied out.
        var json = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(json, JsonWriting.Options))
            ResponseObjectWriter.Write(writer, request, id, model, created, status, incomplete ? null : created, items, usage);
        output.Write(json.WrittenSpan);
        result = ResponseResult.Create(id, status, json.WrittenSpan, items);
        return ResponseTranslation.Success(usage);
    }

    static ResponseOutputItem Finished(ResponseOutputItem item, string text)
    {
        item.Text.Append(text);
        item.Done = true;
        return item;
    }
}
