using ModelGateway.Errors;
using ModelGateway.Transforms.Chat;
using ModelGateway.Transforms.Completions;
using ModelGateway.Transforms.Embeddings;

namespace ModelGateway.OpenAI;

public static class OpenAIEndpointRouteBuilderExtensions
{
    /// <summary>Maps the OpenAI-compatible API under /v1.</summary>
    public static IEndpointRouteBuilder MapOpenAIApi(this IEndpointRouteBuilder endpoints)
    {
        var v1 = endpoints.MapGroup("/v1").WithTags("OpenAI");
        v1.MapPost("/chat/completions", (HttpContext context, OpenAIOperationHandler handler, ChatCompletionsOperation operation)
            => handler.HandleAsync<ChatCompletionRequest>(context, operation));
        v1.MapPost("/completions", (HttpContext context, OpenAIOperationHandler handler, CompletionsOperation operation)
            => handler.HandleAsync<CompletionRequest>(context, operation));
        v1.MapPost("/embeddings", (HttpContext context, OpenAIOperationHandler handler, EmbeddingsOperation operation)
            => handler.HandleAsync<EmbeddingRequest>(context, operation));
        v1.MapGet("/models", (HttpContext context, ModelsEndpoint models) => models.ListAsync(context));
        // Model ids contain ':' and may contain '/'.
        v1.MapGet("/models/{**id}", (HttpContext context, string id, ModelsEndpoint models) => models.GetAsync(context, id));
        v1.MapFallback("{**path}", (HttpContext context) => ApiErrorResponder.WriteAsync(context,
            new GatewayException(StatusCodes.Status404NotFound, $"Invalid URL ({context.Request.Method} {context.Request.Path})", code: "unknown_url")));
        return endpoints;
    }
}
