using Microsoft.AspNetCore.Http;
using OllamaSim.Configuration;
using OllamaSim.Inference;
using OllamaSim.Requests;
using OllamaSim.Stats;

namespace OllamaSim.Endpoints;

/// <summary><c>POST /api/chat</c> and <c>POST /api/generate</c>.</summary>
public sealed class CompletionEndpoints(CompletionService service, ServerVersion version, SimulatorStats stats, TimeProvider time)
{
    public void Map(RouteTable routes) => routes
        .Map("POST", "/api/chat", context => HandleAsync(context, CompletionKind.Chat))
        .Map("POST", "/api/generate", context => HandleAsync(context, CompletionKind.Generate));

    async Task HandleAsync(HttpContext context, CompletionKind kind)
    {
        using var inFlight = stats.BeginInference();
        var isChat = kind == CompletionKind.Chat;
        using var body = await RequestBody.ReadAsync(context.Request, isChat ? "api.ChatRequest" : "api.GenerateRequest");
        var request = isChat
            ? NativeRequestReader.ReadChat(body.RootElement, version)
            : NativeRequestReader.ReadGenerate(body.RootElement, version);
        var sink = new NativeReplySink(context, request, version, time);
        try
        {
            await service.RunAsync(context, request, sink);
        }
        catch (ApiError e)
        {
            await sink.WriteErrorAsync(e);
        }
    }
}
