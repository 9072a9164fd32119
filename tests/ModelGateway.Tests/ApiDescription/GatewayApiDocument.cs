using System.Text.Json.Nodes;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.ApiDescription;

/// <summary>
/// An OpenAPI document as a client generator reads it: its operations, their responses (following <c>$ref</c>s into
/// <c>components</c>) and the schemas and headers those declare.
/// </summary>
internal sealed class GatewayApiDocument
{
    public static readonly string[] OperationKeys = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    readonly Lazy<OpenApiSchemaValidator> _validator;

    public GatewayApiDocument(JsonObject root)
    {
        Root = root;
        _validator = new(() => new OpenApiSchemaValidator(root));
    }

    public JsonObject Root { get; }

    public static async Task<GatewayApiDocument> FetchAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/openapi.json");
        Assert.That((int)response.StatusCode, Is.EqualTo(200), "GET /openapi.json");
        return new GatewayApiDocument(JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    public JsonObject Paths => Root["paths"]!.AsObject();

    /// <summary>Every operation: its path template, upper-case method and operation object.</summary>
    public IEnumerable<(string Path, string Method, JsonObject Operation)> Operations()
    {
        foreach (var (path, item) in Paths)
            foreach (var (key, operation) in item!.AsObject())
                if (OperationKeys.Contains(key)) yield return (path, key.ToUpperInvariant(), operation!.AsObject());
    }

    /// <summary>Follows a local reference (<c>#/components/...</c>, JSON pointer escapes included); null when it leads nowhere.</summary>
    public JsonNode? Resolve(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal)) return null;
        JsonNode? node = Root;
        foreach (var raw in reference[2..].Split('/'))
        {
            var token = raw.Replace("~1", "/").Replace("~0", "~");
            node = node is JsonObject obj && obj.TryGetPropertyValue(token, out var child) ? child : null;
            if (node is null) return null;
        }
        return node;
    }

    JsonObject Follow(JsonObject node)
        => node["$ref"] is JsonValue reference ? Resolve((string)reference!)?.AsObject() ?? throw new AssertionException($"unresolved {reference}") : node;

    /// <summary>The documented response of an operation for a status, its <c>$ref</c> followed; fails when there is none.</summary>
    public JsonObject Response(string path, string method, int status)
    {
        var operation = Paths[path]?[method.ToLowerInvariant()] as JsonObject
            ?? throw new AssertionException($"{method} {path} is not documented");
        var response = operation["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] as JsonObject
            ?? throw new AssertionException($"{method} {path} documents no {status} response");
        return Follow(response);
    }

    /// <summary>The component schema name a response declares for a media type (every documented body is a <c>$ref</c>).</summary>
    public string SchemaName(string path, string method, int status, string mediaType)
    {
        var content = Response(path, method, status)["content"] as JsonObject
            ?? throw new AssertionException($"{method} {path} {status} documents no body");
        var media = content[mediaType] as JsonObject
            ?? throw new AssertionException($"{method} {path} {status} documents no {mediaType} body (it has {string.Join(", ", content.Select(c => c.Key))})");
        const string prefix = "#/components/schemas/";
        var reference = (string?)media["schema"]?["$ref"];
        if (reference is null || !reference.StartsWith(prefix, StringComparison.Ordinal))
            throw new AssertionException($"{method} {path} {status} {mediaType}: the schema is not a component reference");
        return reference[prefix.Length..];
    }

    /// <summary>Header names the response documents, lower-case.</summary>
    public IReadOnlySet<string> Headers(string path, string method, int status)
        => (Response(path, method, status)["headers"] as JsonObject)?.Select(h => h.Key.ToLowerInvariant()).ToHashSet() ?? [];

    /// <summary>Violations of the documented schema by a real body; empty when it conforms.</summary>
    public IReadOnlyList<string> Validate(string path, string method, int status, string mediaType, JsonNode? body)
        => _validator.Value.Validate(SchemaName(path, method, status, mediaType), body);
}
