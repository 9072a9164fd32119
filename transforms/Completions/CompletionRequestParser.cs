using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using ModelGateway.Transforms.Errors;
using ModelGateway.Transforms.OpenAI;
using ModelGateway.Transforms.Serialization;
using ModelGateway.Transforms.Shared;

namespace ModelGateway.Transforms.Completions;

/// <summary>Parses and validates a legacy completions body (mapping doc §9).</summary>
public static class CompletionRequestParser
{
    public static bool TryParse(ReadOnlySpan<byte> utf8Json,
        [NotNullWhen(true)] out CompletionRequest? request, [NotNullWhen(false)] out OpenAIError? error)
        => RequestBodyReader.TryParse(utf8Json, TransformsJsonContext.Default.OpenAICompletionRequestBody, Parse, out request, out error);

    static CompletionRequest Parse(OpenAICompletionRequestBody body)
    {
        if (string.IsNullOrWhiteSpace(body.Model))
            throw RequestValidationException.Invalid("You must provide a model parameter.", "model");
        var prompt = Prompt(body.Prompt);

        SamplingFields.SingleChoice(body.N);
        if (body.Echo == true)
            throw RequestValidationException.Invalid("echo is not supported: the prompt cannot be returned with the completion.", "echo");
        if (body.BestOf is > 1)
            throw RequestValidationException.Invalid("best_of > 1 is not supported: each request produces exactly one completion.", "best_of");
        if (body.Logprobs is < 0 or > 5)
            throw RequestValidationException.Invalid($"Invalid 'logprobs': expected a value between 0 and 5, but got {body.Logprobs} instead.", "logprobs");

        var options = new NativeOptions();
        OllamaExtensionFields.MergeOptions(body.Options, options);
        SamplingFields.Apply(options, body.Temperature, body.TopP, body.PresencePenalty, body.FrequencyPenalty, body.Seed);
        var maxTokens = SamplingFields.MaxTokens(body.MaxTokens, "max_tokens");
        if (maxTokens is { } max)
            options.Set("num_predict", max);
        if (SamplingFields.Stop(body.Stop) is { } stop)
            options.Set("stop", stop);

        var stream = body.Stream ?? false;
        return new CompletionRequest
        {
            Model = body.Model,
            Stream = stream,
            IncludeUsage = SamplingFields.IncludeUsage(stream, body.StreamOptions?.IncludeUsage),
            MaxTokens = maxTokens,
            Logprobs = body.Logprobs,
            Prompt = prompt,
            Suffix = body.Suffix,
            Options = options,
            KeepAlive = OllamaExtensionFields.KeepAlive(body.KeepAlive),
            Think = ThinkSetting.FromRequest(body.Think, body.ReasoningEffort, body.Reasoning),
        };
    }

    /// <summary>A string, or an array holding exactly one string; token arrays and batches are refused.</summary>
    static string Prompt(JsonElement? prompt)
    {
        if (prompt is not { } element || element.ValueKind == JsonValueKind.Null)
            throw RequestValidationException.Invalid("Missing required parameter: 'prompt'.", "prompt");
        if (element.ValueKind == JsonValueKind.String)
            return element.GetString()!;
        if (element.ValueKind == JsonValueKind.Array && element.GetArrayLength() == 1 && element[0].ValueKind == JsonValueKind.String)
            return element[0].GetString()!;
        throw RequestValidationException.Invalid(
            "Invalid 'prompt': only a string (or an array with one string) is supported; token arrays and batches are not.", "prompt");
    }
}
