using ModelGateway.Authentication;
using ModelGateway.Health;
using ModelGateway.Ollama;
using ModelGateway.OpenAI;

namespace ModelGateway.Hosting;

public static class GatewayApplicationExtensions
{
    /// <summary>Maps every surface; YARP's own pipeline serves any extra routes ops add under ReverseProxy:Routes.</summary>
    public static WebApplication MapModelGateway(this WebApplication app)
    {
        app.UseApiKeys();
        app.MapGatewayHealth();
        app.MapOllamaApi();
        app.MapOpenAIApi();
        app.MapReverseProxy();
        return app;
    }
}
