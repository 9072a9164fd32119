using System.Text.Json;
using System.Text.Json.Nodes;

namespace OllamaSim.Generation;

/// <summary>
/// Builds a JSON value that conforms to a JSON schema (type, properties, required, enum, const, items,
/// minItems/maxItems, anyOf/oneOf/allOf, $ref into $defs, string formats, numeric bounds), filling it from
/// <see cref="PromptFacts"/>. Used for structured output (<c>format</c>) and tool-call arguments.
/// </summary>
public sealed class JsonValueSynthesizer(PromptFacts facts, bool requiredOnly)
{
    const int MaxDepth = 8;
    int _strings;
    int _numbers;

    public JsonNode? ForSchema(JsonElement schema) => Build(schema, schema, "value", 0);

    /// <summary>The object <c>format:"json"</c> produces when no schema is given.</summary>
    public static JsonObject FreeObject(PromptFacts facts, string text) => new()
    {
        ["answer"] = text,
        ["topic"] = facts.StringAt(0),
    };

    JsonNode? Build(JsonElement schema, JsonElement root, string name, int depth)
    {
        if (schema.ValueKind == JsonValueKind.True || schema.ValueKind != JsonValueKind.Object) return JsonValue.Create(facts.StringAt(_strings++));
        if (depth > MaxDepth) return null;
        if (schema.TryGetProperty("$ref", out var r) && r.ValueKind == JsonValueKind.String && Resolve(root, r.GetString()!) is { } target)
            return Build(target, root, name, depth + 1);
        if (schema.TryGetProperty("const", out var constant)) return JsonNode.Parse(constant.GetRawText());
        if (schema.TryGetProperty("enum", out var e) && e.ValueKind == JsonValueKind.Array && e.GetArrayLength() > 0)
        {
            var mentioned = e.EnumerateArray().FirstOrDefault(v => v.ValueKind == JsonValueKind.String && facts.MentionsWord(v.GetString()!));
            return JsonNode.Parse((mentioned.ValueKind == JsonValueKind.Undefined ? e[0] : mentioned).GetRawText());
        }
        foreach (var key in new[] { "anyOf", "oneOf", "allOf" })
            if (schema.TryGetProperty(key, out var options) && options.ValueKind == JsonValueKind.Array)
                foreach (var option in options.EnumerateArray())
                    if (!IsNullType(option))
                        return Build(option, root, name, depth + 1);

        return TypeOf(schema) switch
        {
            "object" => BuildObject(schema, root, depth),
            "array" => BuildArray(schema, root, name, depth),
            "integer" => JsonValue.Create((long)Clamp(schema, Math.Truncate(facts.NumberAt(_numbers++) ?? 1 + (double)(StableHash.Of(name, facts.Seed) % 50)))),
            "number" => JsonValue.Create(Clamp(schema, facts.NumberAt(_numbers++) ?? 0.5 + StableHash.Of(name, facts.Seed) % 100 / 4.0)),
            "boolean" => JsonValue.Create(StableHash.Of(name, facts.Seed) % 2 == 0),
            "null" => null,
            _ => JsonValue.Create(BuildString(schema)),
        };
    }

    JsonObject BuildObject(JsonElement schema, JsonElement root, int depth)
    {
        var result = new JsonObject();
        if (!schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object) return result;
        var required = schema.TryGetProperty("required", out var req) && req.ValueKind == JsonValueKind.Array
            ? req.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToHashSet()
            : null;
        foreach (var property in properties.EnumerateObject())
        {
            // Tool arguments carry what the schema requires (all properties when it lists none); structured output fills everything.
            if (requiredOnly && required is { Count: > 0 } && !required.Contains(property.Name)) continue;
            result[property.Name] = Build(property.Value, root, property.Name, depth + 1);
        }
        return result;
    }

    JsonArray BuildArray(JsonElement schema, JsonElement root, string name, int depth)
    {
        var min = schema.TryGetProperty("minItems", out var mi) && mi.TryGetInt32(out var a) ? a : 0;
        var max = schema.TryGetProperty("maxItems", out var ma) && ma.TryGetInt32(out var b) ? b : int.MaxValue;
        var count = Math.Clamp(2, min, Math.Max(min, max));
        var array = new JsonArray();
        var items = schema.TryGetProperty("items", out var it) ? it : default;
        for (var i = 0; i < count; i++)
            array.Add(items.ValueKind == JsonValueKind.Object ? Build(items, root, name, depth + 1) : JsonValue.Create(facts.StringAt(_strings++)));
        return array;
    }

    string BuildString(JsonElement schema)
    {
        var format = schema.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        var value = format switch
        {
            "date" => "2025-01-15",
            "date-time" => "2025-01-15T10:00:00Z",
            "time" => "10:00:00",
            "email" => $"{facts.StringAt(_strings++).ToLowerInvariant()}@example.com",
            "uri" or "url" => "https://example.com/" + facts.StringAt(_strings++).ToLowerInvariant(),
            "uuid" => new Guid(BitConverter.GetBytes(StableHash.Of(facts.Text, facts.Seed)).Concat(BitConverter.GetBytes(facts.Seed)).ToArray()).ToString(),
            _ => facts.StringAt(_strings++),
        };
        if (schema.TryGetProperty("maxLength", out var maxL) && maxL.TryGetInt32(out var max) && value.Length > max) value = value[..Math.Max(0, max)];
        if (schema.TryGetProperty("minLength", out var minL) && minL.TryGetInt32(out var min) && value.Length < min) value = value.PadRight(min, 'x');
        return value;
    }

    static double Clamp(JsonElement schema, double value)
    {
        if (schema.TryGetProperty("minimum", out var lo) && lo.ValueKind == JsonValueKind.Number) value = Math.Max(value, lo.GetDouble());
        if (schema.TryGetProperty("maximum", out var hi) && hi.ValueKind == JsonValueKind.Number) value = Math.Min(value, hi.GetDouble());
        return value;
    }

    static string TypeOf(JsonElement schema)
    {
        if (schema.TryGetProperty("type", out var t))
        {
            if (t.ValueKind == JsonValueKind.String) return t.GetString()!;
            if (t.ValueKind == JsonValueKind.Array)
                foreach (var x in t.EnumerateArray())
                    if (x.ValueKind == JsonValueKind.String && x.GetString() != "null")
                        return x.GetString()!;
        }
        if (schema.TryGetProperty("properties", out _)) return "object";
        if (schema.TryGetProperty("items", out _)) return "array";
        return "string";
    }

    static bool IsNullType(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null";

    static JsonElement? Resolve(JsonElement root, string reference)
    {
        if (!reference.StartsWith("#/")) return null;
        var current = root;
        foreach (var part in reference[2..].Split('/'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part.Replace("~1", "/").Replace("~0", "~"), out current))
                return null;
        }
        return current;
    }
}
