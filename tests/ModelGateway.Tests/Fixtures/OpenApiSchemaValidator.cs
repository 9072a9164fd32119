using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelGateway.Tests.Fixtures;

/// <summary>
/// Checks a JSON value against a schema of an OpenAPI 3.1 document (by default OpenAI's, in the shared specs folder).
/// Covers the keywords that decide a response's shape: $ref, type (incl. "null" and type arrays), nullable,
/// properties, required, additionalProperties, items, enum, const, anyOf, oneOf, allOf. Annotations (description,
/// format, default, deprecated, discriminator, x-*) are ignored, and so are numeric and length bounds.
/// </summary>
public sealed class OpenApiSchemaValidator
{
    static readonly Lazy<OpenApiSchemaValidator> s_openAI = new(() =>
    {
        var path = Path.Combine(RepoLayout.SharedDir, "specs", "openai-openapi.json");
        if (!File.Exists(path))
            throw new FileNotFoundException($"OpenAI's OpenAPI document is missing at {path}; the schema checks need it.");
        return new OpenApiSchemaValidator(JsonNode.Parse(File.ReadAllText(path))!.AsObject());
    });

    readonly JsonObject _schemas;

    public OpenApiSchemaValidator(JsonObject document)
    {
        _schemas = document["components"]?["schemas"] as JsonObject
            ?? throw new ArgumentException("the document has no components.schemas", nameof(document));
    }

    /// <summary>The validator over OpenAI's published OpenAPI document.</summary>
    public static OpenApiSchemaValidator OpenAI => s_openAI.Value;

    public bool HasSchema(string name) => _schemas.ContainsKey(name);

    /// <summary>Validates <paramref name="value"/> against components.schemas[<paramref name="schemaName"/>].</summary>
    /// <returns>One line per violation, each starting with the JSON path ($ is the root); empty when valid.</returns>
    public IReadOnlyList<string> Validate(string schemaName, JsonNode? value)
    {
        var schema = Resolve(schemaName);
        var violations = new List<string>();
        Check(schema, value, "$", violations);
        return violations;
    }

    public IReadOnlyList<string> Validate(string schemaName, string json) => Validate(schemaName, JsonNode.Parse(json));

    JsonObject Resolve(string name)
        => _schemas[name] as JsonObject ?? throw new ArgumentException($"no schema named '{name}' in components.schemas", nameof(name));

    JsonObject Dereference(JsonObject schema)
    {
        // A $ref sibling like "nullable" or "description" is kept meaningful by checking it alongside the target.
        var seen = 0;
        while (schema["$ref"] is JsonValue reference && seen++ < 32)
        {
            var text = (string)reference!;
            const string prefix = "#/components/schemas/";
            if (!text.StartsWith(prefix, StringComparison.Ordinal))
                throw new NotSupportedException($"only local component references are supported, got {text}");
            var target = Resolve(text[prefix.Length..]);
            if (schema.Count == 1) { schema = target; continue; }
            // Merge: target's keywords, then the referring object's own (other than $ref) on top.
            var merged = new JsonObject();
            foreach (var (k, v) in target) merged[k] = v?.DeepClone();
            foreach (var (k, v) in schema) if (k != "$ref") merged[k] = v?.DeepClone();
            schema = merged;
        }
        return schema;
    }

    void Check(JsonObject schema, JsonNode? value, string path, List<string> violations)
    {
        schema = Dereference(schema);
        var kind = KindOf(value);

        if (kind == "null" && schema["nullable"] is JsonValue n && n.TryGetValue(out bool nullable) && nullable)
            return;

        if (schema["type"] is { } type)
        {
            var allowed = type is JsonArray array ? array.Select(t => (string)t!).ToList() : [(string)type!];
            if (!allowed.Any(t => Matches(t, kind, value)))
            {
                violations.Add($"{path}: expected {string.Join(" or ", allowed)}, got {kind}");
                return;
            }
        }

        if (schema["enum"] is JsonArray options && !options.Any(o => JsonNode.DeepEquals(o, value)))
            violations.Add($"{path}: {Show(value)} is not one of [{string.Join(", ", options.Select(Show))}]");

        if (schema.TryGetPropertyValue("const", out var constant) && !JsonNode.DeepEquals(constant, value))
            violations.Add($"{path}: {Show(value)} is not the constant {Show(constant)}");

        if (value is JsonObject obj) CheckObject(schema, obj, path, violations);
        if (value is JsonArray items && schema["items"] is JsonObject itemSchema)
            for (var i = 0; i < items.Count; i++)
                Check(itemSchema, items[i], $"{path}[{i}]", violations);

        if (schema["allOf"] is JsonArray all)
            foreach (var part in all)
                Check((JsonObject)part!, value, path, violations);

        if (schema["anyOf"] is JsonArray any)
        {
            var attempts = any.Select(s => Attempt((JsonObject)s!, value, path)).ToList();
            if (attempts.All(a => a.Count > 0))
                violations.Add($"{path}: matches none of anyOf ({Summarise(attempts)})");
        }

        if (schema["oneOf"] is JsonArray one)
        {
            var attempts = one.Select(s => Attempt((JsonObject)s!, value, path)).ToList();
            var matching = attempts.Count(a => a.Count == 0);
            if (matching == 0)
                violations.Add($"{path}: matches none of oneOf ({Summarise(attempts)})");
            else if (matching > 1)
                violations.Add($"{path}: matches {matching} branches of oneOf, exactly one is allowed");
        }
    }

    void CheckObject(JsonObject schema, JsonObject value, string path, List<string> violations)
    {
        if (schema["required"] is JsonArray required)
            foreach (var name in required.Select(r => (string)r!))
                if (!value.ContainsKey(name))
                    violations.Add($"{path}: required property '{name}' is missing");

        var properties = schema["properties"] as JsonObject;
        foreach (var (name, child) in value)
        {
            var childPath = $"{path}.{name}";
            if (properties?[name] is JsonObject propertySchema)
            {
                Check(propertySchema, child, childPath, violations);
                continue;
            }
            switch (schema["additionalProperties"])
            {
                case JsonValue flag when flag.TryGetValue(out bool allowed) && !allowed:
                    violations.Add($"{childPath}: property is not allowed here");
                    break;
                case JsonObject extraSchema:
                    Check(extraSchema, child, childPath, violations);
                    break;
            }
        }
    }

    List<string> Attempt(JsonObject schema, JsonNode? value, string path)
    {
        var found = new List<string>();
        Check(schema, value, path, found);
        return found;
    }

    static string Summarise(List<List<string>> attempts)
        => string.Join(" | ", attempts.Select(a => a.Count == 0 ? "ok" : a[0] + (a.Count > 1 ? $" (+{a.Count - 1} more)" : "")));

    static bool Matches(string type, string kind, JsonNode? value) => type switch
    {
        "number" => kind is "integer" or "number",
        "integer" => kind == "integer",
        _ => type == kind,
    };

    static string KindOf(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Null => "null",
            JsonValueKind.Number => IsWhole(v) ? "integer" : "number",
            var other => other.ToString(),
        },
        _ => "unknown",
    };

    // JSON Schema counts 1.0 as an integer too: what matters is the value, not how it was written.
    static bool IsWhole(JsonValue v) => v.TryGetValue(out decimal d) ? decimal.Truncate(d) == d : v.TryGetValue(out double x) && Math.Floor(x) == x && !double.IsInfinity(x);

    static string Show(JsonNode? node) => node is null ? "null" : node.ToJsonString();
}
