using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using ModelGateway.Transforms.Errors;
using ModelGateway.Transforms.OpenAI;
using ModelGateway.Transforms.Serialization;
using ModelGateway.Transforms.Shared;

namespace ModelGateway.Transforms.Embeddings;

/// <summary>Parses and validates an embeddings body (mapping doc §10).</summary>
public static class EmbeddingRequestParser
{
    const int MaxInputs = 2048;

    public static bool TryParse(ReadOnlySpan<byte> utf8Json,
        [NotNullWhen(true)] out EmbeddingRequest? request, [NotNullWhen(false)] out OpenAIError? error)
        => RequestBodyReader.TryParse(utf8Json, TransformsJsonContext.Default.OpenAIEmbeddingRequestBody, Parse, out request, out error);

    static EmbeddingRequest Parse(OpenAIEmbeddingRequestBody body)
    {
        if (string.IsNullOrWhiteSpace(body.Model))
            throw RequestValidationException.Invalid("You must provide a model parameter.", "model");
        var inputs = Inputs(body.Input, out var isArray);

        var base64 = body.EncodingFormat switch
        {
            null => false,
            var f when f.Equals("float", StringComparison.OrdinalIgnoreCase) => false,
            var f when f.Equals("base64", StringComparison.OrdinalIgnoreCase) => true,
            var f => throw RequestValidationException.Invalid(
                $"Invalid value for 'encoding_format' = {f}. Supported values: ['float', 'base64'].", "encoding_format"),
        };
        if (body.Dimensions is < 1)
            throw RequestValidationException.Invalid($"Invalid 'dimensions': expected a value >= 1, but got {body.Dimensions} instead.", "dimensions");
        if (body.Options is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) })
            throw RequestValidationException.Invalid("Invalid type for 'options': expected an object of Ollama options.", "options");

        var characters = 0;
        foreach (var input in inputs)
            characters += input.Length;
        return new EmbeddingRequest
        {
            Model = body.Model,
            Base64 = base64,
            Dimensions = body.Dimensions,
            PromptCharacters = characters,
            Inputs = inputs,
            InputIsArray = isArray,
            Options = body.Options is { ValueKind: JsonValueKind.Object } options ? options : null,
            KeepAlive = OllamaExtensionFields.KeepAlive(body.KeepAlive),
            Truncate = body.Truncate,
        };
    }

    /// <summary>A non-empty string, or 1–2048 non-empty strings; token-id input is refused.</summary>
    static List<string> Inputs(JsonElement? input, out bool isArray)
    {
        isArray = false;
        if (input is not { } element || element.ValueKind == JsonValueKind.Null)
            throw RequestValidationException.Invalid("Missing required parameter: 'input'.", "input");
        if (element.ValueKind == JsonValueKind.String)
        {
            var text = element.GetString()!;
            return text.Length > 0 ? [text] : throw RequestValidationException.Invalid("'input' cannot be an empty string.", "input");
        }
        if (element.ValueKind != JsonValueKind.Array)
            throw RequestValidationException.Invalid("Invalid type for 'input': expected a string or an array of strings.", "input");

        isArray = true;
        var count = element.GetArrayLength();
        if (count == 0)
            throw RequestValidationException.Invalid("[] is too short - 'input'", "input");
        if (count > MaxInputs)
            throw RequestValidationException.Invalid($"'input' may hold at most {MaxInputs} items, got {count}.", "input");
        var result = new List<string>(count);
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Number || item.ValueKind == JsonValueKind.Array)
                throw RequestValidationException.Invalid("Token-id input is not supported; send the text as strings.", "input");
            if (item.ValueKind != JsonValueKind.String || item.GetString() is not { Length: > 0 } text)
                throw RequestValidationException.Invalid($"Invalid 'input[{result.Count}]': expected a non-empty string.", "input");
            result.Add(text);
        }
        return result;
    }
}
