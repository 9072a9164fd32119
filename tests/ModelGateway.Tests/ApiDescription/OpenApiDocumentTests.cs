using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.ApiDescription;

/// <summary>
/// GET /openapi.json on a running gateway with API keys on: open like the probes, valid OpenAPI 3.1 (structure and
/// references), the gateway's own title and version, each surface's error shape, and security schemes that name the
/// headers the gateway really reads.
/// </summary>
[NonParallelizable]
public class OpenApiDocumentTests
{
    const string Key = "mg-openapi-test-key";

    GatewayProcess _gateway = null!;
    GatewayApiDocument _document = null!;

    [OneTimeSetUp]
    public async Task StartGateway()
    {
        var config = new FleetConfig().Cluster("gpu").Worker("gpu", "w1", $"http://127.0.0.1:{FreePort.Next()}").Model("llama3.2:3b", "gpu")
            .Set("Authentication:Anonymous:Enabled", false)
            .Set("Authentication:ApiKeys", new JsonArray(KeyedConfig.Entry("team", Key, ["*"])));
        _gateway = await GatewayProcess.StartAsync(config);
        _document = await GatewayApiDocument.FetchAsync(_gateway.Http);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
    }

    [Test]
    public async Task TheDocument_IsServedWithoutAnApiKey_AsJson()
    {
        using var response = await _gateway.Http.GetAsync("/openapi.json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
        Assert.That(JsonNode.Parse(await response.Content.ReadAsStringAsync()), Is.InstanceOf<JsonObject>());
    }

    [Test]
    public void TheDocument_IsOpenApi31_WithTheGatewaysTitleAndVersion()
    {
        Assert.That((string?)_document.Root["openapi"], Does.StartWith("3.1."));
        Assert.That((string?)_document.Root["info"]?["title"], Is.EqualTo("ModelGateway"));
        var version = FileVersionInfo.GetVersionInfo(RepoLayout.GatewayDll).ProductVersion;
        Assert.That(version, Is.Not.Null.And.Not.Empty);
        Assert.That((string?)_document.Root["info"]?["version"], Is.EqualTo(version), "info.version is the gateway assembly's informational version");
    }

    [Test]
    public void TheDocument_NamesNoAbsoluteServer()
    {
        // Clients resolve a missing or relative server against the URL they fetched the document from.
        var servers = _document.Root["servers"]?.AsArray().Select(s => (string?)s?["url"]).ToList() ?? [];
        Assert.That(servers, Has.None.Contains("://"));
    }

    [Test]
    public void EveryReference_Resolves()
    {
        var references = new List<string>();
        Collect(_document.Root, references);
        var broken = references.Where(r => _document.Resolve(r) is null).Distinct().ToList();
        Assert.That(references, Has.Count.GreaterThan(100), "the walk found the references");
        Assert.That(broken, Is.Empty);
    }

    static void Collect(JsonNode? node, List<string> references)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    if (name == "$ref") references.Add((string)child!);
                    else Collect(child, references);
                }
                break;
            case JsonArray array:
                foreach (var item in array) Collect(item, references);
                break;
        }
    }

    [Test]
    public void EveryOperation_IsWellFormed()
    {
        var problems = new List<string>();
        var ids = new HashSet<string>();
        foreach (var (path, item) in _document.Paths)
        {
            if (!path.StartsWith('/')) problems.Add($"path '{path}' does not start with /");
            foreach (var (key, _) in item!.AsObject())
                if (!GatewayApiDocument.OperationKeys.Contains(key) && key is not ("parameters" or "summary" or "description"))
                    problems.Add($"{path}: '{key}' is not a field of a path item");
        }
        foreach (var (path, method, operation) in _document.Operations())
        {
            var name = $"{method} {path}";
            if ((string?)operation["operationId"] is not { Length: > 0 } id || !ids.Add(id)) problems.Add($"{name}: missing or repeated operationId");
            if ((string?)operation["summary"] is not { Length: > 0 }) problems.Add($"{name}: no summary");
            var responses = operation["responses"] as JsonObject;
            if (responses is null || !responses.Any(r => r.Key.StartsWith('2'))) problems.Add($"{name}: no success response");
            Unknown(operation, OperationFields, name, problems);
            foreach (var (status, response) in responses ?? [])
            {
                var resolved = response!["$ref"] is { } r ? _document.Resolve((string)r!) : response;
                if ((string?)resolved?["description"] is null) problems.Add($"{name} {status}: a response needs a description");
                if (resolved is not JsonObject described) continue;
                Unknown(described, ResponseFields, $"{name} {status}", problems);
                foreach (var (mediaType, media) in described["content"] as JsonObject ?? [])
                    Unknown(media!.AsObject(), MediaTypeFields, $"{name} {status} {mediaType}", problems);
            }
            foreach (var (mediaType, media) in operation["requestBody"]?["content"] as JsonObject ?? [])
                Unknown(media!.AsObject(), MediaTypeFields, $"{name} request {mediaType}", problems);
            // Each {parameter} of the template is declared as a required path parameter (on the path or the operation).
            var declared = Parameters(_document.Paths[path]!["parameters"]).Concat(Parameters(operation["parameters"]))
                .Where(p => (string?)p["in"] == "path" && (bool?)p["required"] == true).Select(p => (string?)p["name"]).ToHashSet();
            foreach (var segment in path.Split('/').Where(s => s.StartsWith('{')))
                if (!declared.Contains(segment.Trim('{', '}'))) problems.Add($"{name}: path parameter {segment} is not declared");
        }
        Assert.That(problems, Is.Empty);
    }

    // The fixed fields of OpenAPI 3.1's Operation, Response and Media Type objects; others must be extensions (x-...).
    static readonly string[] OperationFields = ["tags", "summary", "description", "externalDocs", "operationId", "parameters", "requestBody", "responses", "callbacks", "deprecated", "security", "servers"];
    static readonly string[] ResponseFields = ["description", "headers", "content", "links"];
    static readonly string[] MediaTypeFields = ["schema", "example", "examples", "encoding"];

    static void Unknown(JsonObject node, string[] fields, string where, List<string> problems)
    {
        foreach (var (key, _) in node)
            if (!fields.Contains(key) && !key.StartsWith("x-", StringComparison.Ordinal)) problems.Add($"{where}: '{key}' is not a field here");
    }

    IEnumerable<JsonObject> Parameters(JsonNode? list)
        => list?.AsArray().Select(p => p!["$ref"] is { } r ? _document.Resolve((string)r!)!.AsObject() : p!.AsObject()) ?? [];

    [Test]
    public void ErrorResponses_HaveTheShapeOfTheirSurface()
    {
        var checkedErrors = 0;
        var problems = new List<string>();
        foreach (var (path, method, operation) in _document.Operations())
        {
            var expected = path.StartsWith("/v1/", StringComparison.Ordinal) ? "OpenAIErrorResponse"
                : path.StartsWith("/api/", StringComparison.Ordinal) ? "OllamaError" : null;
            if (expected is null) continue;
            foreach (var (status, _) in operation["responses"]!.AsObject())
            {
                if (status[0] is not ('4' or '5')) continue;
                var content = _document.Response(path, method, int.Parse(status))["content"];
                if (content is null) continue;
                checkedErrors++;
                var name = _document.SchemaName(path, method, int.Parse(status), "application/json");
                if (name != expected) problems.Add($"{method} {path} {status}: {name}, expected {expected}");
            }
        }
        Assert.That(checkedErrors, Is.GreaterThan(50));
        Assert.That(problems, Is.Empty);
    }

    [Test]
    public async Task EachSecurityScheme_AdmitsTheKeyWhereItSays()
    {
        var schemes = _document.Root["components"]!["securitySchemes"]!.AsObject();
        Assert.That(schemes.Select(s => (string?)s.Value!["type"]), Is.EquivalentTo(new[] { "http", "apiKey" }));
        foreach (var (name, scheme) in schemes)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
            if ((string?)scheme!["type"] == "http")
            {
                Assert.That((string?)scheme["scheme"], Is.EqualTo("bearer"));
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key);
            }
            else
            {
                Assert.That((string?)scheme["in"], Is.EqualTo("header"));
                request.Headers.Add((string)scheme["name"]!, Key);
            }
            using var response = await _gateway.Http.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"GET /v1/models with the key as scheme '{name}' describes it");
        }
        using var keyless = await _gateway.Http.GetAsync("/v1/models");
        Assert.That(keyless.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "without a key");
    }

    [Test]
    public async Task OperationsDocumentedAsOpen_AnswerWithoutAKey()
    {
        var open = _document.Operations()
            .Where(o => o.Operation["security"] is JsonArray { Count: 0 } && o.Method == "GET")
            .Select(o => o.Path).ToList();
        Assert.That(open, Is.EquivalentTo(new[] { "/", "/healthz", "/readyz", "/metrics", "/openapi.json" }));
        foreach (var path in open)
        {
            using var response = await _gateway.Http.GetAsync(path);
            // /readyz may be 503 here (the fleet's one worker does not exist); what matters is that no key was asked for.
            Assert.That(response.StatusCode, Is.Not.EqualTo(HttpStatusCode.Unauthorized), path);
            Assert.That(_document.Response(path, "GET", (int)response.StatusCode), Is.Not.Null);
        }
    }
}
