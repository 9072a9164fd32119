using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using ModelGateway.ApiDescription;
using ModelGateway.Configuration;
using ModelGateway.Hosting;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.ApiDescription;

/// <summary>
/// The document and the code stay in step: the gateway is built in-process exactly as Program.cs builds it, and the
/// routes its endpoint data sources hold are compared with the documented operations, both ways. Mapping an endpoint
/// without documenting it (or documenting one that is not mapped) fails here.
/// </summary>
[NonParallelizable]
public class OpenApiRouteCoverageTests
{
    static readonly string[] AnyMethod = ["*"];

    string _directory = null!;
    WebApplication _app = null!;
    HashSet<(string Path, string Method)> _mapped = null!;
    HashSet<(string Path, string Method)> _documented = null!;

    [OneTimeSetUp]
    public async Task BuildTheGatewayInProcess()
    {
        _directory = Path.Combine(Path.GetTempPath(), "mg-routes-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(_directory);
        var config = Path.Combine(_directory, "gateway.json");
        await File.WriteAllTextAsync(config, new FleetConfig().Cluster("gpu").Worker("gpu", "w1", $"http://127.0.0.1:{FreePort.Next()}").Model("llama3.2:3b", "gpu").ToJson());

        // The steps of Program.cs that decide the endpoints; the host is built but never started.
        string[] args = ["--config", config];
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.AddFleetConfiguration(args);
        builder.Services.AddModelGateway(builder.Configuration);
        _app = builder.Build();
        _app.MapModelGateway();

        _mapped = MappedRoutes(_app).ToHashSet();
        _documented = new GatewayApiDocument(JsonNode.Parse(OpenApiDocumentSource.Load())!.AsObject())
            .Operations().Select(o => (o.Path, o.Method)).ToHashSet();
    }

    [OneTimeTearDown]
    public async Task Dispose()
    {
        if (_app is not null) await _app.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    /// <summary>
    /// Each route of the gateway's own data sources as (path template, method); "*" for a route that takes any method.
    /// Left out: the fallbacks (they answer unknown paths) and YARP's routes (extra routes an operator configures).
    /// </summary>
    static IEnumerable<(string Path, string Method)> MappedRoutes(WebApplication app)
    {
        foreach (var source in ((IEndpointRouteBuilder)app).DataSources)
        {
            if (source.GetType().Namespace?.StartsWith("Yarp", StringComparison.Ordinal) == true) continue;
            foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
            {
                if (endpoint.Order == int.MaxValue) continue;
                var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? AnyMethod;
                foreach (var method in methods) yield return (Template(endpoint.RoutePattern), method.ToUpperInvariant());
            }
        }
    }

    /// <summary>A route pattern as an OpenAPI path template: <c>/v1/models/{**id}</c> is <c>/v1/models/{id}</c>.</summary>
    static string Template(RoutePattern pattern)
        => "/" + string.Join("/", pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => throw new NotSupportedException(part.GetType().Name),
        }))));

    [Test]
    public void TheInProcessGateway_MapsTheKnownSurfaces()
    {
        // Guards the comparison itself: an empty or misread route table would make the tests below pass vacuously.
        Assert.That(_mapped, Does.Contain(("/v1/chat/completions", "POST")));
        Assert.That(_mapped, Does.Contain(("/api/tags", "GET")));
        Assert.That(_mapped, Does.Contain(("/healthz", "*")));
        Assert.That(_mapped, Does.Contain(("/openapi.json", "GET")));
        Assert.That(_mapped.Count, Is.GreaterThan(20));
    }

    [Test]
    public void EveryMappedRoute_IsDocumented()
    {
        var undocumented = _mapped
            .Where(route => route.Method == "*"
                ? !_documented.Any(d => d.Path == route.Path)
                : !_documented.Contains(route))
            .Select(route => $"{route.Method} {route.Path}")
            .ToList();
        Assert.That(undocumented, Is.Empty, "mapped but missing from gateway/ApiDescription/openapi.json");
    }

    [Test]
    public void EveryDocumentedOperation_IsMapped()
    {
        var unmapped = _documented
            .Where(operation => !_mapped.Contains(operation) && !_mapped.Contains((operation.Path, "*")))
            .Select(operation => $"{operation.Method} {operation.Path}")
            .ToList();
        Assert.That(unmapped, Is.Empty, "documented in gateway/ApiDescription/openapi.json but not mapped");
    }
}
