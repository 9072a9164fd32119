using System.Text.Json;
using ModelGateway.Transforms.Errors;

namespace ModelGateway.Transforms.Chat;

/// <summary>
/// <c>response_format</c> → native <c>format</c>: json_object → "json", json_schema → the schema object.
/// A missing or non-object schema is a 400 here; Ollama would fail with a 500.
/// </summary>
internal readonly record struct ChatResponseFormat(bool JsonMode, JsonElement? Schema)
{
    public static ChatResponseFormat Parse(JsonElement? responseFormat)
    {
        if (responseFormat is not { } element || element.ValueKind == JsonValueKind.Null)
            return default;
        if (element.ValueKind != JsonValueKind.Object)
            throw RequestValidationException.Invalid("Invalid type for 'response_format': expected an object.", "response_format");
        var type = element.TryGetProperty("type"u8, out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        switch (type)
        {
            case "text":
                return default;
            case "json_object":
                return new ChatResponseFormat(true, null);
            case "json_schema":
                if (element.TryGetProperty("json_schema"u8, out var jsonSchema) && jsonSchema.ValueKind == JsonValueKind.Object
                    && jsonSchema.TryGetProperty("schema"u8, out var schema) && schema.ValueKind == JsonValueKind.Object)
                    return new ChatResponseFormat(false, schema);
                throw RequestValidationException.Invalid(
                    "Invalid 'response_format': type 'json_schema' requires 'json_schema.schema' to be a JSON Schema object.", "response_format");
            default:
                throw RequestValidationException.Invalid(
                    $"Invalid value for 'response_format.type': '{type}'. Supported values are: 'text', 'json_object' and 'json_schema'.",
                    "response_format.type");
        }
    }

    public void WriteTo(Utf8JsonWriter writer)
    {
        if (JsonMode)
            writer.WriteString("format"u8, "json");
        else if (Schema is { } schema)
        {
            writer.WritePropertyName("format"u8);
            schema.WriteTo(writer);
        }
    }
}
