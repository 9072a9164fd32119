using System.Text.Json.Serialization;

namespace ModelGateway.OpenAI.Responses;

/// <summary>Source-generated serialisation of the bodies the responses endpoints write themselves.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ResponseDeleted))]
internal sealed partial class ResponsesJsonContext : JsonSerializerContext;
