using System.Text;
using System.Text.Json;
using ModelGateway.Transforms.Chat;
using ModelGateway.Transforms.Errors;

namespace ModelGateway.Transforms.Responses;

/// <summary>
/// The Responses <c>input</c> → native chat messages: a string is one user message; message items keep their role
/// (developer → system) with their text parts joined by "\n" and their images; a run of <c>function_call</c> items
/// (and the assistant message or reasoning before them) becomes one assistant message with tool calls;
/// <c>function_call_output</c> becomes a tool message. Each message remembers the <c>input</c> path it came from, so a
/// later rule can name it.
/// </summary>
internal static class ResponseInputTranslator
{
    public static List<ResponseMessage> Translate(JsonElement? input, out int textLength)
    {
        textLength = 0;
        var result = new List<ResponseMessage>();
        if (input is not { } element || element.ValueKind == JsonValueKind.Null)
            return result;
        if (element.ValueKind == JsonValueKind.String)
        {
            var text = element.GetString()!;
            textLength = text.Length;
            result.Add(new ResponseMessage(new NativeChatMessage("user", text), "input"));
            return result;
        }
        if (element.ValueKind != JsonValueKind.Array)
            throw RequestValidationException.Invalid("Invalid type for 'input': expected a string or an array of input items.", "input");

        string? pendingThinking = null;
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            var path = $"input[{i++}]";
            if (item.ValueKind != JsonValueKind.Object)
                throw RequestValidationException.Invalid($"Invalid type for '{path}': expected an object.", path);
            var type = OptionalString(item, "type"u8, path + ".type");
            switch (type)
            {
                case null or "message":
                    var message = Message(item, path, ref pendingThinking);
                    textLength += message.Content.Length;
                    result.Add(new ResponseMessage(message, path));
                    break;
                case "function_call":
                    AddCall(result, FunctionCall(item, path), path, ref pendingThinking);
                    break;
                case "function_call_output":
                    var output = FunctionCallOutput(item, path);
                    textLength += output.Content.Length;
                    result.Add(new ResponseMessage(output, path));
                    break;
                case "reasoning":
                    pendingThinking = Join(pendingThinking, ReasoningText(item, path));
                    break;
                case "item_reference":
                    throw RequestValidationException.Invalid(
                        $"Item references are not supported ('{path}'): send the items themselves, or continue a stored response with 'previous_response_id'.",
                        path + ".type");
                default:
                    throw RequestValidationException.Invalid(
                        $"Input items of type '{type}' are not supported ('{path}'). Supported types are: 'message', 'function_call', 'function_call_output' and 'reasoning'.",
                        path + ".type");
            }
        }
        return result;
    }

    static NativeChatMessage Message(JsonElement item, string path, ref string? pendingThinking)
    {
        var role = OptionalString(item, "role"u8, path + ".role")
                   ?? throw RequestValidationException.Invalid($"Missing required parameter: '{path}.role'.", path + ".role");
        if (!item.TryGetProperty("content"u8, out var content) || content.ValueKind == JsonValueKind.Null)
            throw RequestValidationException.Invalid($"Missing required parameter: '{path}.content'.", path + ".content");
        switch (role)
        {
            case "user":
                var images = new List<string>();
                var text = Content(content, path, images, assistant: false);
                return new NativeChatMessage("user", text) { Images = images.Count > 0 ? images : null };
            case "system" or "developer":
                return new NativeChatMessage("system", Content(content, path, images: null, assistant: false));
            case "assistant":
                var answer = Content(content, path, images: null, assistant: true);
                var thinking = pendingThinking;
                pendingThinking = null;
                return new NativeChatMessage("assistant", answer) { Thinking = thinking };
            default:
                throw RequestValidationException.Invalid(
                    $"Invalid value for '{path}.role': '{role}'. Supported values are: 'user', 'assistant', 'system' and 'developer'.", path + ".role");
        }
    }

    /// <summary>String content, or the parts' text joined with "\n" (images set aside).</summary>
    static string Content(JsonElement content, string path, List<string>? images, bool assistant)
    {
        if (content.ValueKind == JsonValueKind.String)
            return content.GetString()!;
        if (content.ValueKind != JsonValueKind.Array)
            throw RequestValidationException.Invalid(
                $"Invalid type for '{path}.content': expected a string or an array of content parts.", path + ".content");

        StringBuilder? joined = null;
        string? single = null;
        var j = 0;
        foreach (var part in content.EnumerateArray())
        {
            var partPath = $"{path}.content[{j++}]";
            var type = part.ValueKind == JsonValueKind.Object ? OptionalString(part, "type"u8, partPath + ".type") : null;
            switch (type)
            {
                case "input_text":
                case "output_text" when assistant:
                    var text = RequiredString(part, "text"u8, partPath + ".text");
                    if (single is null) single = text;
                    else (joined ??= new StringBuilder(single)).Append('\n').Append(text);
                    break;
                case "refusal" when assistant:
                    break; // An earlier refusal carries nothing the model needs to see again.
                case "input_image" when images is not null:
                    images.Add(Image(part, partPath));
                    break;
                case null:
                    throw RequestValidationException.Invalid($"Invalid content part '{partPath}': expected an object with a 'type'.", partPath + ".type");
                case "input_image" or "input_file" or "input_audio" or "output_text" or "refusal":
                    throw RequestValidationException.Invalid($"Content parts of type '{type}' are not supported in '{partPath}'.", partPath + ".type");
                default:
                    throw RequestValidationException.Invalid($"Invalid value for '{partPath}.type': '{type}'.", partPath + ".type");
            }
        }
        return joined?.ToString() ?? single ?? "";
    }

    static string Image(JsonElement part, string path)
    {
        if (part.TryGetProperty("image_url"u8, out var url) && url.ValueKind == JsonValueKind.String)
            return ImageDataUrl.ToBase64Payload(url.GetString()!, path + ".image_url");
        if (part.TryGetProperty("file_id"u8, out var file) && file.ValueKind == JsonValueKind.String)
            throw RequestValidationException.Invalid(
                "File ids are not supported; send the image inline as a base64 data URL (data:image/png;base64,...).", path + ".file_id");
        throw RequestValidationException.Invalid($"Missing required parameter: '{path}.image_url'.", path + ".image_url");
    }

    static NativeToolCall FunctionCall(JsonElement item, string path)
    {
        var callId = RequiredString(item, "call_id"u8, path + ".call_id");
        var name = RequiredString(item, "name"u8, path + ".name");
        if (name.Length == 0)
            throw RequestValidationException.Invalid($"Missing required parameter: '{path}.name'.", path + ".name");
        var arguments = OptionalString(item, "arguments"u8, path + ".arguments");
        return new NativeToolCall(callId, name, ChatMessageTranslator.Arguments(arguments, path + ".arguments"));
    }

    /// <summary>
    /// A call joins the assistant message just before it (its text, or earlier calls of the same turn); otherwise it
    /// opens an assistant message of its own, which takes any reasoning that preceded it.
    /// </summary>
    static void AddCall(List<ResponseMessage> messages, NativeToolCall call, string path, ref string? pendingThinking)
    {
        if (pendingThinking is null && messages.Count > 0 && messages[^1].Native is { Role: "assistant" } last)
        {
            messages[^1] = new ResponseMessage(new NativeChatMessage("assistant", last.Content)
            {
                Thinking = last.Thinking,
                ToolCalls = [.. last.ToolCalls ?? [], call],
            }, messages[^1].Source);
            return;
        }
        messages.Add(new ResponseMessage(new NativeChatMessage("assistant", "") { Thinking = pendingThinking, ToolCalls = [call] }, path));
        pendingThinking = null;
    }

    static NativeChatMessage FunctionCallOutput(JsonElement item, string path)
    {
        var callId = RequiredString(item, "call_id"u8, path + ".call_id");
        if (!item.TryGetProperty("output"u8, out var output) || output.ValueKind == JsonValueKind.Null)
            throw RequestValidationException.Invalid($"Missing required parameter: '{path}.output'.", path + ".output");
        var text = output.ValueKind == JsonValueKind.String
            ? output.GetString()!
            : Content(output, path, images: null, assistant: false);
        return new NativeChatMessage("tool", text) { ToolCallId = callId };
    }

    /// <summary>The reasoning text of a reasoning item given back: its content, else its summary.</summary>
    static string? ReasoningText(JsonElement item, string path)
    {
        foreach (var field in new[] { "content", "summary" })
        {
            if (!item.TryGetProperty(field, out var parts) || parts.ValueKind != JsonValueKind.Array || parts.GetArrayLength() == 0) continue;
            string? text = null;
            var j = 0;
            foreach (var part in parts.EnumerateArray())
                text = Join(text, RequiredString(part, "text"u8, $"{path}.{field}[{j++}].text"));
            return text;
        }
        return null;
    }

    static string? Join(string? first, string? second) =>
        first is null ? second : second is null ? first : first + "\n" + second;

    static string? OptionalString(JsonElement holder, ReadOnlySpan<byte> name, string param)
    {
        if (!holder.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw RequestValidationException.Invalid($"Invalid type for '{param}': expected a string.", param);
    }

    static string RequiredString(JsonElement holder, ReadOnlySpan<byte> name, string param)
    {
        if (holder.ValueKind == JsonValueKind.Object && OptionalString(holder, name, param) is { } value)
            return value;
        throw RequestValidationException.Invalid($"Missing required parameter: '{param}'.", param);
    }
}
