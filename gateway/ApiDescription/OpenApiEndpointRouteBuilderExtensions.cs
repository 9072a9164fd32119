using Microsoft.Extensions.Options;

namespace ModelGateway.ApiDescription;

public static class OpenApiEndpointRouteBuilderExtensions
{
    public const string DocumentPath = "/openapi.json";

    /// <summary>Maps <c>GET /openapi.json</c>: the OpenAPI 3.1 document of every endpoint the gateway maps.</summary>
    /// <remarks>Open like the probes (no API key): it describes the API, not anything a key protects.</remarks>
    public static IEndpointRouteBuilder MapOpenApiDocument(this IEndpointRouteBuilder endpoints)
    {
        var document = new OpenApiDocumentEndpoint(endpoints.ServiceProvider.GetRequiredService<IOptionsMonitor<GatewayOptions>>());
        endpoints.MapGet(DocumentPath, context => document.HandleAsync(context)).WithTags("Gateway");
        return endpoints;
    }
}
