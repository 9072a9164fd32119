namespace ModelGateway.OpenAI;

public static class OpenAIServiceCollectionExtensions
{
    /// <summary>Registers the services behind the OpenAI-compatible /v1 surface.</summary>
    public static IServiceCollection AddOpenAISurface(this IServiceCollection services)
    {
        services.AddSingleton<OpenAIModelResolver>();
        services.AddSingleton<TranslatedCallResponder>();
        services.AddSingleton<OpenAIPassthroughRelay>();
        services.AddSingleton<OpenAIOperationHandler>();
        services.AddSingleton<ChatCompletionsOperation>();
        services.AddSingleton<CompletionsOperation>();
        services.AddSingleton<EmbeddingsOperation>();
        services.AddSingleton<ModelsEndpoint>();
        return services;
    }
}
