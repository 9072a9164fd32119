using System.Text.Json;

namespace ModelGateway.Transforms.OpenAI;

/// <summary>The body of <c>POST /v1/embeddings</c>.</summary>
internal sealed class OpenAIEmbeddingRequestBody
{
    public string? Model { get; set; }
    public JsonElement? Input { get; set; }
    public string? EncodingFormat { get; set; }
    public int? Dimensions { get; set; }

    public JsonElement? Options { get; set; }
    public JsonElement? KeepAlive { get; set; }
    public bool? Truncate { get; set; }
}
