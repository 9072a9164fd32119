using System.Text.Json.Serialization;

namespace ModelGateway.Validation.Ollama;

/// <summary>
/// Source-generated metadata for the native bodies. Names match case-insensitively because Ollama's Go decoder does,
/// so <c>"Stream"</c> is checked as <c>stream</c>; the depth allowance sits above <c>Validation:MaxJsonDepth</c>, which the
/// structure scan enforces first with a clearer message.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    PropertyNameCaseInsensitive = true,
    MaxDepth = 256)]
[JsonSerializable(typeof(OllamaChatBody))]
[JsonSerializable(typeof(OllamaGenerateBody))]
[JsonSerializable(typeof(OllamaEmbedBody))]
[JsonSerializable(typeof(OllamaEmbeddingsBody))]
[JsonSerializable(typeof(OllamaShowBody))]
internal sealed partial class OllamaBodyJsonContext : JsonSerializerContext;
