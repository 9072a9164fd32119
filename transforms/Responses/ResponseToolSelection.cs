using System.Buffers;
using System.Text.Json;
using ModelGateway.Transforms.Chat;
using ModelGateway.Transforms.Errors;
using ModelGateway.Transforms.Serialization;

namespace ModelGateway.Transforms.Responses;

/// <summary>
/// Responses <c>tools</c> + <c>tool_choice</c> → the native tool list. A Responses function tool is flat
/// (<c>{"type":"function","name",...}</c>); the worker takes chat's nested shape. Built-in tools (web search, file
/// search, computer use, MCP, ...) need OpenAI's servers and are refused. As on chat, Ollama cannot force a call:
/// "required" and a named function are best effort.
/// </summary>
internal static class ResponseToolSelection
{
    public static List<JsonElement>? Select(List<JsonElement>? tools, JsonElement? toolChoice)
    {
        var native = Translate(tools);
        if (toolChoice is not { } choice || choice.ValueKind == JsonValueKind.Null)
            return native;
        if (choice.ValueKind != JsonValueKind.Object)
            return ChatToolSelection.ByMode(native, choice);
        var type = StringField(choice, "type"u8);
        switch (type)
        {
            case "function":
                var name = StringField(choice, "name"u8)
                           ?? throw RequestValidationException.Invalid("Missing required parameter: 'tool_choice.name'.", "tool_choice.name");
                return ChatToolSelection.OnlyNamed(native, [name], "tool_choice.name");
            case "allowed_tools":
                return ChatToolSelection.OnlyNamed(native, AllowedNames(choice), "tool_choice.tools");
            default:
                throw RequestValidationException.Invalid(
                    $"Invalid value for 'tool_choice.type': '{type}'. Only 'function' and 'allowed_tools' choices are supported.", "tool_choice.type");
        }
    }

    static List<JsonElement>? Translate(List<JsonElement>? tools)
    {
        if (tools is null || tools.Count == 0)
            return null;
        var native = new List<JsonElement>(tools.Count);
        var buffer = new ArrayBufferWriter<byte>(256);
        for (var i = 0; i < tools.Count; i++)
        {
            var tool = tools[i];
            if (tool.ValueKind != JsonValueKind.Object)
                throw RequestValidationException.Invalid($"Invalid type for 'tools[{i}]': expected an object.", $"tools[{i}]");
            var type = StringField(tool, "type"u8);
            if (type != "function")
                throw RequestValidationException.Invalid(
                    $"Invalid value for 'tools[{i}].type': '{type}'. Only 'function' tools are supported; built-in tools need OpenAI's own servers.",
                    $"tools[{i}].type");
            var name = StringField(tool, "name"u8);
            if (string.IsNullOrEmpty(name))
                throw RequestValidationException.Invalid($"Missing required parameter: 'tools[{i}].name'.", $"tools[{i}].name");
            var hasParameters = tool.TryGetProperty("parameters"u8, out var parameters) && parameters.ValueKind != JsonValueKind.Null;
            if (hasParameters && parameters.ValueKind != JsonValueKind.Object)
                throw RequestValidationException.Invalid($"Invalid type for 'tools[{i}].parameters': expected a JSON Schema object.", $"tools[{i}].parameters");
            var hasDescription = tool.TryGetProperty("description"u8, out var description) && description.ValueKind != JsonValueKind.Null;
            if (hasDescription && description.ValueKind != JsonValueKind.String)
                throw RequestValidationException.Invalid($"Invalid type for 'tools[{i}].description': expected a string.", $"tools[{i}].description");

            buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Options))
            {
                writer.WriteStartObject();
                writer.WriteString("type"u8, "function"u8);
                writer.WriteStartObject("function"u8);
                writer.WriteString("name"u8, name);
                if (hasDescription)
                {
                    writer.WritePropertyName("description"u8);
                    description.WriteTo(writer);
                }
                if (hasParameters)
                {
                    writer.WritePropertyName("parameters"u8);
                    parameters.WriteTo(writer);
                }
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            using var document = JsonDocument.Parse(buffer.WrittenMemory);
            native.Add(document.RootElement.Clone());
        }
        return native;
    }

    static List<string> AllowedNames(JsonElement choice)
    {
        if (!choice.TryGetProperty("tools"u8, out var list) || list.ValueKind != JsonValueKind.Array)
            throw RequestValidationException.Invalid("Missing required parameter: 'tool_choice.tools'.", "tool_choice.tools");
        var names = new List<string>();
        foreach (var entry in list.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object || StringField(entry, "type"u8) != "function" || StringField(entry, "name"u8) is not { Length: > 0 } name)
                throw RequestValidationException.Invalid("Each entry of 'tool_choice.tools' must be a function tool with a 'name'.", "tool_choice.tools");
            names.Add(name);
        }
        return names;
    }

    static string? StringField(JsonElement holder, ReadOnlySpan<byte> name) =>
        holder.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
