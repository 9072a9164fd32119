using System.Text;
using System.Text.Json;
using ModelGateway.Transforms.Errors;
using ModelGateway.Transforms.OpenAI;

namespace ModelGateway.Transforms.Chat;

/// <summary>
/// OpenAI <c>messages</c> → native messages (mapping doc §3): developer → system, content parts joined into
/// one message, images from data URLs, tool-call arguments parsed into objects, tool results named after
/// the call they answer.
/// </summary>
internal static class ChatMessageTranslator
{
    public static List<NativeChatMessage> Translate(List<OpenAIChatMessageBody?>? messages, out int textLength)
    {
        if (messages is null)
            throw RequestValidationException.Invalid("Missing required parameter: 'messages'.", "messages");
        if (messages.Count == 0)
            throw RequestValidationException.Invalid("[] is too short - 'messages'", "messages");

        var result = new List<NativeChatMessage>(messages.Count);
        Dictionary<string, string>? toolNamesById = null;
        textLength = 0;

        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i] ?? throw RequestValidationException.Invalid(
                $"Invalid type for 'messages[{i}]': expected an object.", $"messages[{i}]");
            var native = message.Role switch
            {
                "system" or "developer" => new NativeChatMessage("system", RequiredText(message, i)),
                "user" => User(message, i),
                "assistant" => Assistant(message, i, ref toolNamesById),
                "tool" => Tool(message, i),
                "function" => Function(message, i),
                null => throw RequestValidationException.Invalid($"Missing required parameter: 'messages[{i}].role'.", $"messages[{i}].role"),
                _ => throw RequestValidationException.Invalid(
                    $"Invalid value for 'messages[{i}].role': '{message.Role}'. Supported values are: 'system', 'developer', 'user', 'assistant', 'tool' and 'function'.",
                    $"messages[{i}].role"),
            };
            textLength += native.Content.Length;
            result.Add(native);
        }

        // Ollama's rule: a tool result without a name takes the name of the last call with its id.
        if (toolNamesById is not null)
            foreach (var native in result)
                if (native is { Role: "tool", ToolName: null, ToolCallId: { } id } && toolNamesById.TryGetValue(id, out var name))
                    native.ToolName = name;
        return result;
    }

    static NativeChatMessage User(OpenAIChatMessageBody message, int i)
    {
        var images = new List<string>();
        var content = ReadContent(message.Content, i, images, allowRefusal: false)
                      ?? throw MissingContent(i);
        return new NativeChatMessage("user", content) { Images = images.Count > 0 ? images : null };
    }

    static NativeChatMessage Assistant(OpenAIChatMessageBody message, int i, ref Dictionary<string, string>? toolNamesById)
    {
        var toolCalls = ToolCalls(message.ToolCalls, i);
        var content = ReadContent(message.Content, i, images: null, allowRefusal: true);
        if (content is null && toolCalls is null && message.Refusal is null)
            throw MissingContent(i);

        if (toolCalls is not null)
        {
            toolNamesById ??= new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var call in toolCalls)
                if (!string.IsNullOrEmpty(call.Id))
                    toolNamesById[call.Id] = call.Name;
        }
        return new NativeChatMessage("assistant", content ?? "")
        {
            ToolCalls = toolCalls,
            Thinking = message.Reasoning ?? message.ReasoningContent,
        };
    }

    static NativeChatMessage Tool(OpenAIChatMessageBody message, int i)
    {
        if (string.IsNullOrEmpty(message.ToolCallId))
            throw RequestValidationException.Invalid($"Missing required parameter: 'messages[{i}].tool_call_id'.", $"messages[{i}].tool_call_id");
        return new NativeChatMessage("tool", RequiredText(message, i))
        {
            ToolCallId = message.ToolCallId,
            ToolName = string.IsNullOrEmpty(message.Name) ? null : message.Name,
        };
    }

    // Deprecated "function" results map to a tool result named after the function.
    static NativeChatMessage Function(OpenAIChatMessageBody message, int i)
    {
        if (string.IsNullOrEmpty(message.Name))
            throw RequestValidationException.Invalid($"Missing required parameter: 'messages[{i}].name'.", $"messages[{i}].name");
        return new NativeChatMessage("tool", ReadContent(message.Content, i, images: null, allowRefusal: false) ?? "")
        {
            ToolName = message.Name,
        };
    }

    static string RequiredText(OpenAIChatMessageBody message, int i) =>
        ReadContent(message.Content, i, images: null, allowRefusal: false) ?? throw MissingContent(i);

    static RequestValidationException MissingContent(int i) =>
        RequestValidationException.Invalid($"Missing required parameter: 'messages[{i}].content'.", $"messages[{i}].content");

    /// <summary>String content, or the text parts joined with "\n"; null when content is absent or null.</summary>
    static string? ReadContent(JsonElement? content, int i, List<string>? images, bool allowRefusal)
    {
        if (content is not { } element || element.ValueKind == JsonValueKind.Null)
            return null;
        if (element.ValueKind == JsonValueKind.String)
            return element.GetString();
        if (element.ValueKind != JsonValueKind.Array)
            throw RequestValidationException.Invalid(
                $"Invalid type for 'messages[{i}].content': expected a string or an array of content parts.", $"messages[{i}].content");
        if (element.GetArrayLength() == 0)
            throw RequestValidationException.Invalid($"[] is too short - 'messages[{i}].content'", $"messages[{i}].content");

        string? single = null;
        StringBuilder? joined = null;
        var j = 0;
        foreach (var part in element.EnumerateArray())
        {
            var path = $"messages[{i}].content[{j++}]";
            var type = part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type"u8, out var t) && t.ValueKind == JsonValueKind.String
                ? t.GetString()
                : throw RequestValidationException.Invalid($"Invalid content part '{path}': expected an object with a 'type'.", path + ".type");
            switch (type)
            {
                case "text":
                    var text = part.TryGetProperty("text"u8, out var textElement) && textElement.ValueKind == JsonValueKind.String
                        ? textElement.GetString()!
                        : throw RequestValidationException.Invalid($"Missing required parameter: '{path}.text'.", path + ".text");
                    if (single is null) single = text;
                    else (joined ??= new StringBuilder(single)).Append('\n').Append(text);
                    break;
                case "image_url" when images is not null:
                    images.Add(ImagePayload(part, path));
                    break;
                case "refusal" when allowRefusal:
                    break; // An earlier refusal carries nothing the model needs to see again.
                case "image_url" or "input_audio" or "file" or "refusal":
                    throw RequestValidationException.Invalid(
                        $"Content parts of type '{type}' are not supported in '{path}'.", path + ".type");
                default:
                    throw RequestValidationException.Invalid($"Invalid value for '{path}.type': '{type}'.", path + ".type");
            }
        }
        return joined?.ToString() ?? single ?? "";
    }

    static string ImagePayload(JsonElement part, string path)
    {
        if (!part.TryGetProperty("image_url"u8, out var imageUrl))
            throw RequestValidationException.Invalid($"Missing required parameter: '{path}.image_url'.", path + ".image_url");
        // Standard shape is {"url": ...}; Ollama also accepts the bare string.
        if (imageUrl.ValueKind == JsonValueKind.String)
            return ImageDataUrl.ToBase64Payload(imageUrl.GetString()!, path + ".image_url");
        if (imageUrl.ValueKind == JsonValueKind.Object && imageUrl.TryGetProperty("url"u8, out var url) && url.ValueKind == JsonValueKind.String)
            return ImageDataUrl.ToBase64Payload(url.GetString()!, path + ".image_url.url");
        throw RequestValidationException.Invalid($"Missing required parameter: '{path}.image_url.url'.", path + ".image_url.url");
    }

    static List<NativeToolCall>? ToolCalls(List<OpenAIToolCallBody?>? calls, int i)
    {
        if (calls is null || calls.Count == 0)
            return null;
        var result = new List<NativeToolCall>(calls.Count);
        for (var j = 0; j < calls.Count; j++)
        {
            var path = $"messages[{i}].tool_calls[{j}]";
            var call = calls[j] ?? throw RequestValidationException.Invalid($"Invalid type for '{path}': expected an object.", path);
            if (call.Type is not (null or "function"))
                throw RequestValidationException.Invalid($"Invalid value for '{path}.type': only 'function' tool calls are supported.", path + ".type");
            var function = call.Function ?? throw RequestValidationException.Invalid($"Missing required parameter: '{path}.function'.", path + ".function");
            if (string.IsNullOrEmpty(function.Name))
                throw RequestValidationException.Invalid($"Missing required parameter: '{path}.function.name'.", path + ".function.name");
            result.Add(new NativeToolCall(call.Id, function.Name, Arguments(function.Arguments, path + ".function.arguments")));
        }
        return result;
    }

    static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;

    /// <summary>A tool call's <c>arguments</c> string as the JSON object the worker takes; <c>""</c> means <c>{}</c> (also used by the Responses input).</summary>
    internal static JsonElement Arguments(string? arguments, string param)
    {
        // Some clients send "" for a call without parameters; that means the same as "{}".
        if (string.IsNullOrWhiteSpace(arguments))
            return EmptyObject;
        JsonElement parsed;
        try
        {
            using var document = JsonDocument.Parse(arguments);
            parsed = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw RequestValidationException.Invalid($"{param} is not valid JSON", param);
        }
        return parsed.ValueKind == JsonValueKind.Object
            ? parsed
            : throw RequestValidationException.Invalid($"{param} must be a JSON object", param);
    }
}
