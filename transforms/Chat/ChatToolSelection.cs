using System.Text.Json;
using ModelGateway.Transforms.Errors;

namespace ModelGateway.Transforms.Chat;

/// <summary>
/// <c>tools</c> + <c>tool_choice</c> → the native tool list. Ollama cannot force a call, so "required" and a
/// named function are best effort: "none" sends no tools, a named function (or allowed_tools) sends only
/// those tools, "auto"/"required" send all.
/// </summary>
internal static class ChatToolSelection
{
    public static List<JsonElement>? Select(List<JsonElement>? tools, JsonElement? toolChoice)
    {
        var validated = Validate(tools);
        if (toolChoice is not { } choice || choice.ValueKind == JsonValueKind.Null)
            return validated;

        if (choice.ValueKind != JsonValueKind.Object)
            return ByMode(validated, choice);

        var type = choice.TryGetProperty("type"u8, out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        switch (type)
        {
            case "function":
                var name = FunctionName(choice) ?? throw RequestValidationException.Invalid(
                    "Missing required parameter: 'tool_choice.function.name'.", "tool_choice.function.name");
                return OnlyNamed(validated, [name], "tool_choice.function.name");
            case "allowed_tools":
                return OnlyNamed(validated, AllowedNames(choice), "tool_choice.allowed_tools.tools");
            default:
                throw RequestValidationException.Invalid(
                    $"Invalid value for 'tool_choice.type': '{type}'. Only 'function' and 'allowed_tools' choices are supported.", "tool_choice.type");
        }
    }

    /// <summary>A <c>tool_choice</c> that is not an object: "none", "auto" or "required" (the same on the Responses API).</summary>
    /// <param name="tools">The native tool list (chat's nested shape), null when there are none.</param>
    internal static List<JsonElement>? ByMode(List<JsonElement>? tools, JsonElement choice)
    {
        if (choice.ValueKind != JsonValueKind.String)
            throw RequestValidationException.Invalid("Invalid type for 'tool_choice': expected a string or an object.", "tool_choice");
        return choice.GetString() switch
        {
            "none" => null,
            "auto" => tools,
            "required" => tools ?? throw RequestValidationException.Invalid(
                "tool_choice 'required' needs at least one tool in 'tools'.", "tool_choice"),
            var other => throw RequestValidationException.Invalid(
                $"Invalid value for 'tool_choice': '{other}'. Supported values are: 'none', 'auto' and 'required'.", "tool_choice"),
        };
    }

    static List<JsonElement>? Validate(List<JsonElement>? tools)
    {
        if (tools is null || tools.Count == 0)
            return null;
        for (var i = 0; i < tools.Count; i++)
        {
            var tool = tools[i];
            if (tool.ValueKind != JsonValueKind.Object)
                throw RequestValidationException.Invalid($"Invalid type for 'tools[{i}]': expected an object.", $"tools[{i}]");
            var type = tool.TryGetProperty("type"u8, out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (type != "function")
                throw RequestValidationException.Invalid(
                    $"Invalid value for 'tools[{i}].type': '{type}'. Only 'function' tools are supported.", $"tools[{i}].type");
            if (FunctionName(tool) is null)
                throw RequestValidationException.Invalid($"Missing required parameter: 'tools[{i}].function.name'.", $"tools[{i}].function.name");
            if (tool.GetProperty("function"u8).TryGetProperty("parameters"u8, out var parameters)
                && parameters.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                throw RequestValidationException.Invalid(
                    $"Invalid type for 'tools[{i}].function.parameters': expected a JSON Schema object.", $"tools[{i}].function.parameters");
        }
        return tools;
    }

    static string? FunctionName(JsonElement holder) =>
        holder.TryGetProperty("function"u8, out var function) && function.ValueKind == JsonValueKind.Object
        && function.TryGetProperty("name"u8, out var name) && name.ValueKind == JsonValueKind.String
        && name.GetString() is { Length: > 0 } value
            ? value
            : null;

    static List<string> AllowedNames(JsonElement choice)
    {
        if (!choice.TryGetProperty("allowed_tools"u8, out var allowed) || allowed.ValueKind != JsonValueKind.Object
            || !allowed.TryGetProperty("tools"u8, out var list) || list.ValueKind != JsonValueKind.Array)
            throw RequestValidationException.Invalid("Missing required parameter: 'tool_choice.allowed_tools.tools'.", "tool_choice.allowed_tools.tools");
        var names = new List<string>();
        foreach (var entry in list.EnumerateArray())
            names.Add(FunctionName(entry) ?? throw RequestValidationException.Invalid(
                "Each entry of 'tool_choice.allowed_tools.tools' must name a function.", "tool_choice.allowed_tools.tools"));
        return names;
    }

    /// <summary>The named tools of the native list, in the order named; a name not among them is refused, naming <paramref name="param"/>.</summary>
    internal static List<JsonElement> OnlyNamed(List<JsonElement>? tools, List<string> names, string param)
    {
        var selected = new List<JsonElement>();
        foreach (var name in names)
        {
            var match = tools?.FirstOrDefault(tool => FunctionName(tool) == name);
            if (match is not { ValueKind: JsonValueKind.Object } found)
                throw RequestValidationException.Invalid($"Tool '{name}' named in 'tool_choice' is not among the request's tools.", param);
            selected.Add(found);
        }
        return selected;
    }
}
