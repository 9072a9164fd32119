namespace ModelGateway.Ollama;

/// <summary>A model-bound Ollama endpoint and the exact error wording Ollama uses on it.</summary>
public sealed record OllamaEndpoint(string Path)
{
    public static readonly OllamaEndpoint Chat = new("/api/chat");
    public static readonly OllamaEndpoint Generate = new("/api/generate");
    public static readonly OllamaEndpoint Embed = new("/api/embed");
    public static readonly OllamaEndpoint Embeddings = new("/api/embeddings");
    public static readonly OllamaEndpoint Show = new("/api/show");

    public static readonly IReadOnlyList<OllamaEndpoint> All = [Chat, Generate, Embed, Embeddings, Show];

    public (int Status, string Message) MissingModelError()
        => this == Generate || this == Embed ? (StatusCodes.Status404NotFound, "model '' not found") : (StatusCodes.Status400BadRequest, "model is required");

    public string ModelNotFoundMessage(string model)
    {
        if (this == Embed || this == Embeddings) return $"model \"{model}\" not found, try pulling it first";
        if (this == Show) return $"model '{Routing.ModelName.Normalize(model)}' not found";
        return $"model '{model}' not found";
    }
}
