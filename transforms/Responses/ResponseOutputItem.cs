using System.Buffers;
using System.Text;
using System.Text.Json;
using ModelGateway.Transforms.Ollama;
using ModelGateway.Transforms.OpenAI;
using ModelGateway.Transforms.Serialization;

namespace ModelGateway.Transforms.Responses;

/// <summary>One item of a response's <c>output</c>, as it grows while the worker answers.</summary>
internal sealed class ResponseOutputItem
{
    ResponseOutputItem(ResponseItemKind kind, string id)
    {
        Kind = kind;
        Id = id;
    }

    public ResponseItemKind Kind { get; }
    public string Id { get; }
    /// <summary>The message's text or the reasoning's text so far.</summary>
    public StringBuilder Text { get; } = new();
    public string? CallId { get; private init; }
    public string? Name { get; private init; }
    /// <summary>The call's arguments as OpenAI sends them: compact JSON text.</summary>
    public string? Arguments { get; private init; }
    /// <summary>The call's arguments as the worker sent them, for the stored conversation.</summary>
    public JsonElement? NativeArguments { get; private init; }
    public bool Done { get; set; }
    /// <summary>Cut short by the token limit.</summary>
    public bool Incomplete { get; set; }

    public static ResponseOutputItem Reasoning(string id) => new(ResponseItemKind.Reasoning, id);
    public static ResponseOutputItem Message(string id) => new(ResponseItemKind.Message, id);

    /// <summary>A native tool call (which always arrives whole); a missing id (workers before v0.12.10) is made up.</summary>
    public static ResponseOutputItem FunctionCall(OllamaToolCall call) => new(ResponseItemKind.FunctionCall, OpenAIIds.NewFunctionCallItemId())
    {
        CallId = string.IsNullOrEmpty(call.Id) ? OpenAIIds.NewToolCallId() : call.Id,
        Name = call.Function?.Name ?? "",
        Arguments = ArgumentsText(call.Function?.Arguments),
        NativeArguments = call.Function?.Arguments,
        Done = true,
    };

    static string ArgumentsText(JsonElement? arguments)
    {
        if (arguments is not { } element || element.ValueKind == JsonValueKind.Null)
            return "{}";
        if (element.ValueKind == JsonValueKind.String)
            return element.GetString()!;
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Options))
            element.WriteTo(writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    string Status => !Done ? "in_progress" : Incomplete ? "incomplete" : "completed";

    /// <param name="announced">As <c>response.output_item.added</c> shows it: no content yet, a call's arguments empty.</param>
    public void WriteTo(Utf8JsonWriter writer, bool announced = false)
    {
        writer.WriteStartObject();
        writer.WriteString("id"u8, Id);
        switch (Kind)
        {
            case ResponseItemKind.Message:
                writer.WriteString("type"u8, "message"u8);
                writer.WriteString("status"u8, announced ? "in_progress" : Status);
                writer.WriteString("role"u8, "assistant"u8);
                writer.WriteStartArray("content"u8);
                if (!announced) WriteTextPart(writer);
                writer.WriteEndArray();
                break;
            case ResponseItemKind.Reasoning:
                writer.WriteString("type"u8, "reasoning"u8);
                writer.WriteString("status"u8, announced ? "in_progress" : Status);
                writer.WriteStartArray("summary"u8);
                writer.WriteEndArray();
                writer.WriteStartArray("content"u8);
                if (!announced) WriteTextPart(writer);
                writer.WriteEndArray();
                break;
            case ResponseItemKind.FunctionCall:
                writer.WriteString("type"u8, "function_call"u8);
                writer.WriteString("status"u8, announced ? "in_progress" : Status);
                writer.WriteString("call_id"u8, CallId);
                writer.WriteString("name"u8, Name);
                writer.WriteString("arguments"u8, announced ? "" : Arguments);
                break;
        }
        writer.WriteEndObject();
    }

    /// <summary>The content part: <c>output_text</c> of a message, <c>reasoning_text</c> of a reasoning item.</summary>
    public void WriteTextPart(Utf8JsonWriter writer, bool empty = false)
    {
        writer.WriteStartObject();
        if (Kind == ResponseItemKind.Message)
        {
            writer.WriteString("type"u8, "output_text"u8);
            writer.WriteString("text"u8, empty ? "" : Text.ToString());
            writer.WriteStartArray("annotations"u8);
            writer.WriteEndArray();
            writer.WriteStartArray("logprobs"u8);
            writer.WriteEndArray();
        }
        else
        {
            writer.WriteString("type"u8, "reasoning_text"u8);
            writer.WriteString("text"u8, empty ? "" : Text.ToString());
        }
        writer.WriteEndObject();
    }
}
