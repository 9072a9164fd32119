using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using ModelGateway.Transforms.Chat;
using ModelGateway.Transforms.Errors;
using ModelGateway.Transforms.OpenAI;
using ModelGateway.Transforms.Serialization;
using ModelGateway.Transforms.Shared;

namespace ModelGateway.Transforms.Responses;

/// <summary>
/// Parses and validates an OpenAI Responses request body. Every rejection is a 400 in OpenAI's envelope with
/// <c>param</c> set to the JSON path of the offending field; the field-by-field policy is in
/// docs/openai-compatibility.md ("Responses").
/// </summary>
public static class ResponseRequestParser
{
    const int MaxMetadataKeys = 16, MaxMetadataKeyLength = 64, MaxMetadataValueLength = 512;

    public static bool TryParse(ReadOnlySpan<byte> utf8Json,
        [NotNullWhen(true)] out ResponseRequest? request, [NotNullWhen(false)] out OpenAIError? error)
        => RequestBodyReader.TryParse(utf8Json, TransformsJsonContext.Default.OpenAIResponseRequestBody, Parse, out request, out error);

    static ResponseRequest Parse(OpenAIResponseRequestBody body)
    {
        if (string.IsNullOrWhiteSpace(body.Model))
            throw RequestValidationException.Invalid("You must provide a model parameter.", "model");
        RejectUnsupported(body);
        var previous = body.PreviousResponseId;
        if (previous is { Length: 0 })
            throw RequestValidationException.Invalid("Invalid 'previous_response_id': expected a response id (resp_...).", "previous_response_id");
        if (body.Input is not { ValueKind: not JsonValueKind.Null } && previous is null)
            throw RequestValidationException.Invalid("Missing required parameter: 'input'.", "input");

        var input = ResponseInputTranslator.Translate(body.Input, out _);
        // Native /api/chat takes a chat without messages for a request to load the model, and answers nothing.
        if (input.Count == 0 && previous is null)
            throw RequestValidationException.Invalid("'input' must hold at least one message or function call output.", "input");
        var instructions = Instructions(body.Instructions);

        var options = new NativeOptions();
        OllamaExtensionFields.MergeOptions(body.Options, options);
        SamplingFields.Apply(options, body.Temperature, body.TopP, null, null, null);
        var maxTokens = SamplingFields.MaxTokens(body.MaxOutputTokens, "max_output_tokens");
        if (maxTokens is { } max)
            options.Set("num_predict", max);

        var (format, textFormat) = TextFormat(body.Text);
        var echo = new ResponseEcho
        {
            Instructions = instructions,
            Tools = body.Tools,
            ToolChoice = body.ToolChoice is { ValueKind: not JsonValueKind.Null } choice ? choice : null,
            ParallelToolCalls = body.ParallelToolCalls ?? true,
            TextFormat = textFormat,
            ReasoningEffort = ReasoningEffort(body.Reasoning),
            MaxOutputTokens = maxTokens,
            Temperature = body.Temperature,
            TopP = body.TopP,
            Metadata = Metadata(body.Metadata),
            User = body.User,
        };
        return ResponseRequest.Create(body.Model, body.Stream ?? false, body.Store ?? true, previous, echo, input, history: null,
            format, options, OllamaExtensionFields.KeepAlive(body.KeepAlive), ThinkSetting.FromRequest(body.Think, null, body.Reasoning),
            maxTokens, singleToolCall: body.ParallelToolCalls == false, ResponseToolSelection.Select(body.Tools, body.ToolChoice));
    }

    /// <summary>Fields that ask for something a worker cannot do are refused rather than silently dropped.</summary>
    static void RejectUnsupported(OpenAIResponseRequestBody body)
    {
        if (body.Background == true)
            throw RequestValidationException.Invalid("Background responses are not supported; send the request without 'background'.", "background");
        if (IsSet(body.Conversation))
            throw RequestValidationException.Invalid("Conversations are not supported; continue a stored response with 'previous_response_id'.", "conversation");
        if (IsSet(body.Prompt))
            throw RequestValidationException.Invalid("Stored prompt templates are not supported; send 'instructions' and 'input'.", "prompt");
        if (body.Include is { ValueKind: JsonValueKind.Array } include && include.GetArrayLength() > 0)
            throw RequestValidationException.Invalid(
                $"'include' is not supported (asked for {include.GetRawText()}): the gateway's responses carry no such additional data.", "include");
        if (body.TopLogprobs is { } top && top != 0)
            throw RequestValidationException.Invalid("Log probabilities are not supported on /v1/responses; use /v1/chat/completions.", "top_logprobs");
        if (IsSet(body.ContextManagement))
            throw RequestValidationException.Invalid("Context management is not supported.", "context_management");
    }

    static string? Instructions(JsonElement? instructions)
    {
        if (instructions is not { } element || element.ValueKind == JsonValueKind.Null)
            return null;
        return element.ValueKind == JsonValueKind.String
            ? element.GetString()
            : throw RequestValidationException.Invalid("Invalid type for 'instructions': expected a string.", "instructions");
    }

    /// <summary><c>text.format</c> → native <c>format</c>, and the format as the response repeats it.</summary>
    static (ChatResponseFormat Format, JsonElement? Echo) TextFormat(JsonElement? text)
    {
        if (text is not { } element || element.ValueKind == JsonValueKind.Null)
            return default;
        if (element.ValueKind != JsonValueKind.Object)
            throw RequestValidationException.Invalid("Invalid type for 'text': expected an object.", "text");
        if (!element.TryGetProperty("format"u8, out var format) || format.ValueKind == JsonValueKind.Null)
            return default;
        if (format.ValueKind != JsonValueKind.Object)
            throw RequestValidationException.Invalid("Invalid type for 'text.format': expected an object.", "text.format");
        var type = format.TryGetProperty("type"u8, out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        switch (type)
        {
            case "text":
                return (default, format);
            case "json_object":
                return (new ChatResponseFormat(true, null), format);
            case "json_schema":
                if (format.TryGetProperty("schema"u8, out var schema) && schema.ValueKind == JsonValueKind.Object)
                    return (new ChatResponseFormat(false, schema), format);
                throw RequestValidationException.Invalid(
                    "Invalid 'text.format': type 'json_schema' requires 'text.format.schema' to be a JSON Schema object.", "text.format.schema");
            default:
                throw RequestValidationException.Invalid(
                    $"Invalid value for 'text.format.type': '{type}'. Supported values are: 'text', 'json_object' and 'json_schema'.", "text.format.type");
        }
    }

    static string? ReasoningEffort(JsonElement? reasoning)
    {
        if (reasoning is not { } element || element.ValueKind == JsonValueKind.Null)
            return null;
        if (element.ValueKind != JsonValueKind.Object)
            throw RequestValidationException.Invalid("Invalid type for 'reasoning': expected an object.", "reasoning");
        return element.TryGetProperty("effort"u8, out var effort) && effort.ValueKind == JsonValueKind.String ? effort.GetString() : null;
    }

    /// <summary>OpenAI's limits: at most 16 pairs, keys up to 64 characters, string values up to 512.</summary>
    static JsonElement? Metadata(JsonElement? metadata)
    {
        if (metadata is not { } element || element.ValueKind == JsonValueKind.Null)
            return null;
        if (element.ValueKind != JsonValueKind.Object)
            throw RequestValidationException.Invalid("Invalid type for 'metadata': expected an object of strings.", "metadata");
        var count = 0;
        foreach (var pair in element.EnumerateObject())
        {
            if (++count > MaxMetadataKeys)
                throw RequestValidationException.Invalid($"Invalid 'metadata': at most {MaxMetadataKeys} keys are allowed.", "metadata");
            if (pair.Name.Length > MaxMetadataKeyLength)
                throw RequestValidationException.Invalid($"Invalid 'metadata': keys may be at most {MaxMetadataKeyLength} characters.", "metadata");
            if (pair.Value.ValueKind != JsonValueKind.String)
                throw RequestValidationException.Invalid($"Invalid type for 'metadata.{pair.Name}': expected a string.", $"metadata.{pair.Name}");
            if (pair.Value.GetString()!.Length > MaxMetadataValueLength)
                throw RequestValidationException.Invalid($"Invalid 'metadata.{pair.Name}': values may be at most {MaxMetadataValueLength} characters.", $"metadata.{pair.Name}");
        }
        return element;
    }

    static bool IsSet(JsonElement? element) => element is { ValueKind: not JsonValueKind.Null };
}
