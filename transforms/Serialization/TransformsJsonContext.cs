using System.Text.Json.Serialization;
using ModelGateway.Transforms.Ollama;
using ModelGateway.Transforms.OpenAI;

namespace ModelGateway.Transforms.Serialization;

/// <summary>Source-generated (reflection-free) metadata for every DTO the library reads.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OpenAIChatRequestBody))]
[JsonSerializable(typeof(OpenAIResponseRequestBody))]
[JsonSerializable(typeof(OpenAICompletionRequestBody))]
[JsonSerializable(typeof(OpenAIEmbeddingRequestBody))]
[JsonSerializable(typeof(OllamaChatResponse))]
[JsonSerializable(typeof(OllamaGenerateResponse))]
[JsonSerializable(typeof(OllamaEmbedResponse))]
[JsonSerializable(typeof(OllamaTagsResponse))]
[JsonSerializable(typeof(OllamaModelEntry))]
[JsonSerializable(typeof(OllamaErrorBody))]
internal sealed partial class TransformsJsonContext : JsonSerializerContext;
