using ModelGateway.Errors;
using ModelGateway.OpenAI.Responses;
using ModelGateway.Transforms.Chat;
using ModelGateway.Transforms.Completions;
using ModelGateway.Transforms.Embeddings;

namespace ModelGateway.OpenAI;

public static class OpenAIEndpointRouteBuilderExtensions
{
    /// <summary>Maps the OpenAI-compatible API under /v1.</summary>
    /// <remarks>
    /// Handlers are plain <see cref="RequestDelegate"/>s over singletons resolved once: a minimal-API delegate with
    /// service parameters would compile an expression tree at start-up and look the services up per request.
    /// </remarks>
    public static IEndpointRouteBuilder MapOpenAIApi(this IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        var handler = services.GetRequiredService<OpenAIOperationHandler>();
        var chat = services.GetRequiredService<ChatCompletionsOperation>();
        var completions = services.GetRequiredService<CompletionsOperation>();
        var embeddings = services.GetRequiredService<EmbeddingsOperation>();
        var models = services.GetRequiredService<ModelsEndpoint>();
        var responses = services.GetRequiredService<ResponsesOperation>();
        var storedResponses = services.GetRequiredService<ResponsesEndpoint>();
        Func<HttpContext, ResponsesCall, ValueTask<ResponsesCall>> prepareResponse = responses.PrepareAsync;

        var v1 = endpoints.MapGroup("/v1").WithTags("OpenAI");
        v1.MapPost("/chat/completions", context => handler.HandleAsync<ChatCompletionRequest>(context, chat));
        v1.MapPost("/completions", context => handler.HandleAsync<CompletionRequest>(context, completions));
        v1.MapPost("/embeddings", context => handler.HandleAsync<EmbeddingRequest>(context, embeddings));
        v1.MapPost("/responses", context => handler.HandleAsync(context, responses, prepareResponse));
        v1.MapGet("/responses/{id}", context => storedResponses.GetAsync(context, context.Request.RouteValues["id"] as string ?? ""));
        v1.MapDelete("/responses/{id}", context => storedResponses.DeleteAsync(context, context.Request.RouteValues["id"] as string ?? ""));
        v1.MapGet("/models", models.ListAsync);
        // Model ids contain ':' and may contain '/', which SDKs send percent-encoded (openai-node: hf.co%2Fuser%2Frepo).
        // The server decodes every escape of the path but %2F, so that one is decoded here; model names hold no '%'.
        v1.MapGet("/models/{**id}", context => models.GetAsync(context,
            (context.Request.RouteValues["id"] as string ?? string.Empty).Replace("%2F", "/", StringComparison.OrdinalIgnoreCase)));
        v1.MapFallback("{**path}", context => ApiErrorResponder.WriteAsync(context,
            new GatewayException(StatusCodes.Status404NotFound, $"Invalid URL ({context.Request.Method} {context.Request.Path})", code: "unknown_url")));
        return endpoints;
    }
}
