using ModelGateway.ApiDescription;
using ModelGateway.Authentication;
using ModelGateway.CrossOrigin;
using ModelGateway.Diagnostics;
using ModelGateway.Health;
using ModelGateway.Ollama;
using ModelGateway.OpenAI;

namespace ModelGateway.Hosting;

public static class GatewayApplicationExtensions
{
    /// <summary>Maps every surface; YARP's own pipeline serves any extra routes ops add under ReverseProxy:Routes.</summary>
    public static WebApplication MapModelGateway(this WebApplication app)
    {
        // Telemetry first, so the request log and metrics also see requests that keys or limits turn away.
        app.MapGatewayDiagnostics();
        app.UseCrossOriginAccess();
        app.UseApiKeys();
        app.MapGatewayHealth();
        app.MapOllamaApi();
        app.MapOpenAIApi();
        app.MapOpenApiDocument();
        app.MapReverseProxy();
        return app;
    }
}
