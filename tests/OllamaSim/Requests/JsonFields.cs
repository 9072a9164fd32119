using System.Text.Json;

namespace OllamaSim.Requests;

/// <summary>
/// Typed access to the fields of a request object with Go's decoding rules: field names match case-insensitively,
/// <c>null</c> means absent, and a wrong JSON type fails with Go's
/// <c>json: cannot unmarshal X into Go struct field T.f of type G</c>.
/// </summary>
public readonly struct JsonFields(JsonElement obj, string structName, string pathPrefix = "")
{
    public JsonElement Object => obj;

    public JsonElement? Get(string name)
    {
        if (obj.ValueKind != JsonValueKind.Object) return null;
        if (obj.TryGetProperty(name, out var value))
            return value.ValueKind == JsonValueKind.Null ? null : value;
        foreach (var p in obj.EnumerateObject())
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
                return p.Value.ValueKind == JsonValueKind.Null ? null : p.Value;
        return null;
    }

    public string? String(string name)
    {
        var v = Get(name);
        if (v is null) return null;
        return v.Value.ValueKind == JsonValueKind.String ? v.Value.GetString() : throw Mismatch(name, v.Value, "string");
    }

    public bool? Bool(string name)
    {
        var v = Get(name);
        if (v is null) return null;
        return v.Value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Mismatch(name, v.Value, "bool"),
        };
    }

    public long? Int(string name, string goType = "int")
    {
        var v = Get(name);
        if (v is null) return null;
        if (v.Value.ValueKind != JsonValueKind.Number) throw Mismatch(name, v.Value, goType);
        if (!v.Value.TryGetInt64(out var n))
            throw ApiError.BadRequest($"json: cannot unmarshal number {v.Value.GetRawText()} into Go struct field {structName}.{pathPrefix}{name} of type {goType}");
        return n;
    }

    public JsonElement? Array(string name, string goType)
    {
        var v = Get(name);
        if (v is null) return null;
        return v.Value.ValueKind == JsonValueKind.Array ? v : throw Mismatch(name, v.Value, goType);
    }

    public JsonElement? ObjectField(string name, string goType)
    {
        var v = Get(name);
        if (v is null) return null;
        return v.Value.ValueKind == JsonValueKind.Object ? v : throw Mismatch(name, v.Value, goType);
    }

    /// <summary>The fields of a nested object, for error paths like <c>ChatRequest.messages.content</c>.</summary>
    public JsonFields Nested(JsonElement element, string name) => new(element, structName, pathPrefix + name + ".");

    public ApiError Mismatch(string name, JsonElement value, string goType) =>
        ApiError.BadRequest($"json: cannot unmarshal {KindName(value.ValueKind)} into Go struct field {structName}.{pathPrefix}{name} of type {goType}");

    public static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => "null",
    };
}
