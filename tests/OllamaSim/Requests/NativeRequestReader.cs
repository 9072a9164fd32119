using System.Text.Json;
using OllamaSim.Configuration;

namespace OllamaSim.Requests;

/// <summary>Decodes native /api/chat and /api/generate bodies into <see cref="CompletionRequest"/> with Go's error texts.</summary>
public static class NativeRequestReader
{
    public static CompletionRequest ReadChat(JsonElement root, ServerVersion version)
    {
        var f = new JsonFields(root, "ChatRequest");
        var model = f.String("model") ?? "";
        var messages = new List<ChatMessage>();
        if (f.Array("messages", "[]api.Message") is { } list)
        {
            foreach (var m in list.EnumerateArray())
            {
                if (m.ValueKind == JsonValueKind.Null) continue;
                if (m.ValueKind != JsonValueKind.Object) throw f.Mismatch("messages", m, "api.Message");
                var mf = f.Nested(m, "messages");
                mf.Array("tool_calls", "[]api.ToolCall");
                mf.String("thinking");
                mf.String("tool_call_id");
                messages.Add(new ChatMessage(
                    (mf.String("role") ?? "").ToLowerInvariant(),
                    mf.String("content") ?? "",
                    ImageData.Count(mf, "images"),
                    mf.String("tool_name")));
            }
        }
        return new CompletionRequest
        {
            Kind = CompletionKind.Chat,
            Model = model,
            Messages = messages,
            Tools = ReadTools(f),
            FormatJson = f.Get("format"),
            OptionsJson = f.ObjectField("options", "map[string]interface {}"),
            Stream = f.Bool("stream") ?? true,
            KeepAlive = KeepAliveValue.From(f),
            Think = ThinkSetting.From(f, version),
            Logprobs = f.Bool("logprobs") ?? false,
            TopLogprobs = (int)Math.Clamp(f.Int("top_logprobs") ?? 0, int.MinValue, int.MaxValue),
        };
    }

    public static CompletionRequest ReadGenerate(JsonElement root, ServerVersion version)
    {
        var f = new JsonFields(root, "GenerateRequest");
        var context = f.Array("context", "[]int");
        if (context is { } c)
            foreach (var item in c.EnumerateArray())
                if (item.ValueKind != JsonValueKind.Number) throw f.Mismatch("context", item, "int");
        var template = f.String("template");
        return new CompletionRequest
        {
            Kind = CompletionKind.Generate,
            Model = f.String("model") ?? "",
            Prompt = f.String("prompt") ?? "",
            System = f.String("system"),
            Suffix = f.String("suffix"),
            Raw = f.Bool("raw") ?? false,
            HasTemplateOrContext = !string.IsNullOrEmpty(template) || context is { } ctx && ctx.GetArrayLength() > 0,
            ImageCount = ImageData.Count(f, "images"),
            FormatJson = f.Get("format"),
            OptionsJson = f.ObjectField("options", "map[string]interface {}"),
            Stream = f.Bool("stream") ?? true,
            KeepAlive = KeepAliveValue.From(f),
            Think = ThinkSetting.From(f, version),
            Logprobs = f.Bool("logprobs") ?? false,
            TopLogprobs = (int)Math.Clamp(f.Int("top_logprobs") ?? 0, int.MinValue, int.MaxValue),
        };
    }

    static List<ToolSpec> ReadTools(JsonFields f)
    {
        var tools = new List<ToolSpec>();
        if (f.Array("tools", "api.Tools") is not { } list) return tools;
        foreach (var t in list.EnumerateArray())
        {
            if (t.ValueKind != JsonValueKind.Object) throw f.Mismatch("tools", t, "api.Tool");
            var tf = f.Nested(t, "tools");
            if (tf.ObjectField("function", "api.ToolFunction") is not { } fn) continue;
            var ff = tf.Nested(fn, "function");
            var name = ff.String("name") ?? "";
            var parameters = ff.ObjectField("parameters", "api.ToolFunctionParameters");
            tools.Add(new ToolSpec(name, ff.String("description") ?? "", parameters?.Clone()));
        }
        return tools;
    }
}
