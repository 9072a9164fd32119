namespace ModelGateway.ApiDescription;

/// <summary>The <c>Gateway:OpenApi</c> settings: whether the gateway publishes its OpenAPI document (docs/configuration.md).</summary>
public sealed class OpenApiOptions
{
    /// <summary>Serve <c>GET /openapi.json</c>; when false it answers 404. Read per request, so an edit applies at once.</summary>
    public bool Enabled { get; set; } = true;
}
