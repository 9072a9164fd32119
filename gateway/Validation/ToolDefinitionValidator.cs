using System.Text.Json;
using FluentValidation;

namespace ModelGateway.Validation;

/// <summary>
/// One entry of <c>tools</c> on either surface: a named function tool whose parameters, when given, are a JSON Schema
/// object, and on /v1 whose name matches <see cref="ValidationOptions.ToolNamePattern"/>. Ollama answers malformed
/// parameter schemas with a decoding error; OpenAI rejects other names, while Ollama takes any (MCP-style
/// <c>weather.get</c>), so /api does not check the pattern.
/// </summary>
internal sealed class ToolDefinitionValidator : AbstractValidator<JsonElement>
{
    public ToolDefinitionValidator(ValidationLimits limits, bool checkNamePattern = true)
    {
        RuleFor(tool => tool).Custom((tool, context) =>
        {
            if (tool.ValueKind != JsonValueKind.Object)
            {
                context.AddFailure("", "expected a tool object with type 'function' and a function definition.");
                return;
            }
            if (tool.TryGetProperty("type"u8, out var type) && !(type.ValueKind == JsonValueKind.String && type.ValueEquals("function"u8)))
            {
                context.AddFailure("type", "only 'function' tools are supported.");
                return;
            }
            if (!tool.TryGetProperty("function"u8, out var function) || function.ValueKind != JsonValueKind.Object)
            {
                context.AddFailure("function", "expected an object with the function's name, description and parameters.");
                return;
            }
            CheckFunction(function, checkNamePattern ? limits : null, context);
        });
    }

    /// <summary>A pathological configured pattern that times out counts as no match, not as a server error.</summary>
    static bool Matches(System.Text.RegularExpressions.Regex pattern, string name)
    {
        try
        {
            return pattern.IsMatch(name);
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return false;
        }
    }

    static void CheckFunction(JsonElement function, ValidationLimits? namePattern, ValidationContext<JsonElement> context)
    {
        if (!function.TryGetProperty("name"u8, out var name) || name.ValueKind != JsonValueKind.String)
        {
            context.AddFailure("function.name", "expected the function's name as a string.");
            return;
        }
        if (namePattern?.ToolName is { } pattern && !Matches(pattern, name.GetString()!))
        {
            context.AddFailure("function.name", $"'{name.GetString()}' does not match the pattern '{pattern}'.");
            return;
        }
        if (function.TryGetProperty("description"u8, out var description) && description.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            context.AddFailure("function.description", "expected a string.");
            return;
        }
        if (!function.TryGetProperty("parameters"u8, out var parameters) || parameters.ValueKind == JsonValueKind.Null)
            return;
        if (parameters.ValueKind != JsonValueKind.Object)
        {
            context.AddFailure("function.parameters", "expected a JSON Schema object.");
            return;
        }
        if (parameters.TryGetProperty("type"u8, out var schemaType) && !(schemaType.ValueKind == JsonValueKind.String && schemaType.ValueEquals("object"u8)))
            context.AddFailure("function.parameters.type", "the parameters schema must have type 'object'.");
        else if (parameters.TryGetProperty("properties"u8, out var properties) && properties.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            context.AddFailure("function.parameters.properties", "expected an object mapping parameter names to schemas.");
        else if (parameters.TryGetProperty("required"u8, out var required) && required.ValueKind != JsonValueKind.Null
                 && (required.ValueKind != JsonValueKind.Array || required.EnumerateArray().Any(r => r.ValueKind != JsonValueKind.String)))
            context.AddFailure("function.parameters.required", "expected an array of parameter names.");
    }
}
