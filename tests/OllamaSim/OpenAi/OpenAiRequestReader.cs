using System.Text.Json;
using OllamaSim.Requests;

namespace OllamaSim.OpenAi;

/// <summary>
/// Maps a <c>/v1/chat/completions</c> body to the native request the way Ollama's own layer does (mapping doc §2–3):
/// content parts folded into the message, data-URL images counted, <c>max_tokens</c> → num_predict,
/// <c>response_format</c> → format, <c>reasoning_effort</c> → think.
/// </summary>
public static class OpenAiRequestReader
{
    public static (CompletionRequest Request, bool IncludeUsage) Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw ApiError.BadRequest("invalid request body: expected a JSON object");
        var f = new JsonFields(root, "ChatCompletionRequest");
        var model = f.String("model") ?? "";
        var messages = new List<ChatMessage>();
        var callNames = new Dictionary<string, string>();
        if (f.Array("messages", "[]openai.Message") is { } list)
            foreach (var m in list.EnumerateArray())
                messages.Add(ReadMessage(f.Nested(m, "messages"), callNames));
        if (messages.Count == 0) throw ApiError.BadRequest("[] is too short - 'messages'");

        var tools = new List<ToolSpec>();
        if (f.Array("tools", "[]api.Tool") is { } t)
            foreach (var tool in t.EnumerateArray())
                if (tool.ValueKind == JsonValueKind.Object && tool.TryGetProperty("function", out var fn) && fn.ValueKind == JsonValueKind.Object)
                {
                    var ff = f.Nested(fn, "tools.function");
                    tools.Add(new ToolSpec(ff.String("name") ?? "", ff.String("description") ?? "", ff.ObjectField("parameters", "object")?.Clone()));
                }

        var options = new Dictionary<string, object?>();
        if (f.Int("max_tokens") is { } maxTokens) options["num_predict"] = maxTokens;
        if (f.Int("seed") is { } seed) options["seed"] = seed;
        if (f.Get("stop") is { } stop)
            options["stop"] = stop.ValueKind == JsonValueKind.String
                ? new[] { stop.GetString()! }
                : stop.EnumerateArray().Select(s => s.ValueKind == JsonValueKind.String
                    ? s.GetString()!
                    : throw ApiError.BadRequest($"invalid type for 'stop' field: {JsonFields.KindName(s.ValueKind)}")).ToArray();

        var streamOptions = f.ObjectField("stream_options", "openai.StreamOptions");
        var includeUsage = streamOptions is { } so && so.TryGetProperty("include_usage", out var iu) && iu.ValueKind == JsonValueKind.True;
        var request = new CompletionRequest
        {
            Kind = CompletionKind.Chat,
            Model = model,
            Messages = messages,
            Tools = tools,
            Stream = f.Bool("stream") ?? false,
            Think = Think(f),
            OptionsJson = JsonSerializer.SerializeToElement(options),
            FormatJson = Format(f),
        };
        return (request, includeUsage);
    }

    static ChatMessage ReadMessage(JsonFields m, Dictionary<string, string> callNames)
    {
        var role = (m.String("role") ?? "").ToLowerInvariant();
        var text = new List<string>();
        var images = 0;
        if (m.Get("content") is { } content)
        {
            if (content.ValueKind == JsonValueKind.String) text.Add(content.GetString()!);
            else if (content.ValueKind == JsonValueKind.Array)
                foreach (var part in content.EnumerateArray())
                {
                    var type = part.TryGetProperty("type", out var ty) ? ty.GetString() : null;
                    if (type == "text" && part.TryGetProperty("text", out var tx)) text.Add(tx.GetString() ?? "");
                    else if (type == "image_url") images += ValidImage(part);
                    else throw ApiError.BadRequest("invalid message format");
                }
            else throw ApiError.BadRequest("invalid message content type");
        }
        if (m.Array("tool_calls", "[]openai.ToolCall") is { } calls)
            foreach (var call in calls.EnumerateArray())
                if (call.TryGetProperty("id", out var id) && call.TryGetProperty("function", out var fn) && fn.TryGetProperty("name", out var name))
                    callNames[id.GetString() ?? ""] = name.GetString() ?? "";
        string? toolName = null;
        if (role == "tool" && m.String("tool_call_id") is { } callId) callNames.TryGetValue(callId, out toolName);
        return new ChatMessage(role, string.Join("\n", text), images, toolName ?? m.String("name"));
    }

    static int ValidImage(JsonElement part)
    {
        var url = part.TryGetProperty("image_url", out var iu)
            ? iu.ValueKind == JsonValueKind.String ? iu.GetString() : iu.TryGetProperty("url", out var u) ? u.GetString() : null
            : null;
        const string marker = ";base64,";
        var at = url?.IndexOf(marker, StringComparison.Ordinal) ?? -1;
        if (url == null || !url.StartsWith("data:image/") || at < 0) throw ApiError.BadRequest("invalid image input");
        if (ImageData.InvalidByte(url[(at + marker.Length)..]) != null) throw ApiError.BadRequest("invalid image input");
        return 1;
    }

    static ThinkSetting Think(JsonFields f)
    {
        var effort = f.String("reasoning_effort");
        if (effort == null && f.ObjectField("reasoning", "openai.Reasoning") is { } r && r.TryGetProperty("effort", out var e))
            effort = e.GetString();
        return effort switch
        {
            null => ThinkSetting.Absent,
            "none" => new ThinkSetting(true, false, null),
            "low" or "medium" or "high" => new ThinkSetting(true, true, effort),
            _ => throw ApiError.BadRequest($"invalid reasoning value: '{effort}' (must be \"high\", \"medium\", \"low\", or \"none\")"),
        };
    }

    static JsonElement? Format(JsonFields f)
    {
        if (f.ObjectField("response_format", "openai.ResponseFormat") is not { } rf) return null;
        var type = rf.TryGetProperty("type", out var t) ? t.GetString() : null;
        switch (type)
        {
            case "json_object":
                return JsonSerializer.SerializeToElement("json");
            case "json_schema":
                if (rf.TryGetProperty("json_schema", out var js) && js.ValueKind == JsonValueKind.Object
                    && js.TryGetProperty("schema", out var schema) && schema.ValueKind == JsonValueKind.Object)
                    return schema.Clone();
                throw ApiError.BadRequest("invalid response_format: json_schema.schema is required");
            default:
                return null;
        }
    }
}
