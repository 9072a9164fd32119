using System.Text.Json;

namespace ModelGateway.Transforms.Embeddings;

/// <summary>A validated <c>/v1/embeddings</c> request, ready for <see cref="OllamaEmbedRequestWriter"/>.</summary>
public sealed class EmbeddingRequest
{
    /// <summary>The model name as the client sent it; the response carries this name.</summary>
    public required string Model { get; init; }
    /// <summary>Number of inputs (a single string counts as one); the reply must hold as many vectors.</summary>
    public int InputCount => Inputs.Count;
    /// <summary><c>encoding_format: "base64"</c> (what every official SDK asks for by default).</summary>
    public bool Base64 { get; init; }
    /// <summary>Requested vector length; applied by the worker when it can, otherwise by the response translator.</summary>
    public int? Dimensions { get; init; }
    public int PromptCharacters { get; init; }

    /// <summary>The input texts, in request order.</summary>
    public IReadOnlyList<string> Inputs { get; internal init; } = [];
    internal bool InputIsArray { get; init; }
    internal JsonElement? Options { get; init; }
    internal JsonElement? KeepAlive { get; init; }
    internal bool? Truncate { get; init; }
}
