using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using ModelGateway.Transforms.Errors;
using ModelGateway.Transforms.OpenAI;
using ModelGateway.Transforms.Serialization;
using ModelGateway.Transforms.Shared;

namespace ModelGateway.Transforms.Chat;

/// <summary>
/// Parses and validates an OpenAI chat request body. Every rejection is a 400 in OpenAI's envelope with
/// <c>param</c> set to the JSON path of the offending field; field-by-field policy is in
/// docs/openai-compatibility.md.
/// </summary>
public static class ChatCompletionRequestParser
{
    public static bool TryParse(ReadOnlySpan<byte> utf8Json,
        [NotNullWhen(true)] out ChatCompletionRequest? request, [NotNullWhen(false)] out OpenAIError? error)
        => RequestBodyReader.TryParse(utf8Json, TransformsJsonContext.Default.OpenAIChatRequestBody, Parse, out request, out error);

    static ChatCompletionRequest Parse(OpenAIChatRequestBody body)
    {
        if (string.IsNullOrWhiteSpace(body.Model))
            throw RequestValidationException.Invalid("You must provide a model parameter.", "model");
        var messages = ChatMessageTranslator.Translate(body.Messages, out var textLength);

        RejectUnsupported(body);
        SamplingFields.SingleChoice(body.N);

        var options = new NativeOptions();
        OllamaExtensionFields.MergeOptions(body.Options, options);
        SamplingFields.Apply(options, body.Temperature, body.TopP, body.PresencePenalty, body.FrequencyPenalty, body.Seed);
        var maxTokens = SamplingFields.MaxTokens(body.MaxCompletionTokens, "max_completion_tokens")
                        ?? SamplingFields.MaxTokens(body.MaxTokens, "max_tokens");
        if (maxTokens is { } max)
            options.Set("num_predict", max);
        if (SamplingFields.Stop(body.Stop) is { } stop)
            options.Set("stop", stop);

        if (body.TopLogprobs is { } top)
        {
            if (top is < 0 or > 20)
                throw RequestValidationException.Invalid($"Invalid 'top_logprobs': expected a value between 0 and 20, but got {top} instead.", "top_logprobs");
            if (body.Logprobs != true)
                throw RequestValidationException.Invalid("'top_logprobs' requires 'logprobs' to be true.", "top_logprobs");
        }

        var stream = body.Stream ?? false;
        return new ChatCompletionRequest
        {
            Model = body.Model,
            Stream = stream,
            IncludeUsage = SamplingFields.IncludeUsage(stream, body.StreamOptions?.IncludeUsage),
            MaxTokens = maxTokens,
            Logprobs = body.Logprobs == true,
            SingleToolCall = body.ParallelToolCalls == false,
            PromptCharacters = textLength,
            Messages = messages,
            Tools = ChatToolSelection.Select(body.Tools, body.ToolChoice),
            Format = ChatResponseFormat.Parse(body.ResponseFormat),
            Options = options,
            KeepAlive = OllamaExtensionFields.KeepAlive(body.KeepAlive),
            Think = ThinkSetting.FromRequest(body.Think, body.ReasoningEffort, body.Reasoning),
            LogprobsField = body.Logprobs,
            TopLogprobs = body.TopLogprobs,
        };
    }

    /// <summary>Fields that ask for something a worker cannot do are refused rather than silently dropped.</summary>
    static void RejectUnsupported(OpenAIChatRequestBody body)
    {
        if (body.Modalities is { } modalities && modalities.Contains("audio"))
            throw RequestValidationException.Invalid("Audio output is not supported; 'modalities' may only contain 'text'.", "modalities");
        if (IsSet(body.Audio))
            throw RequestValidationException.Invalid("Audio output is not supported.", "audio");
        if (IsSet(body.WebSearchOptions))
            throw RequestValidationException.Invalid("Web search is not supported.", "web_search_options");
        if (IsSet(body.Functions))
            throw RequestValidationException.Invalid("The deprecated 'functions' parameter is not supported; use 'tools'.", "functions");
        if (IsSet(body.FunctionCall))
            throw RequestValidationException.Invalid("The deprecated 'function_call' parameter is not supported; use 'tool_choice'.", "function_call");
    }

    static bool IsSet(JsonElement? element) => element is { ValueKind: not JsonValueKind.Null };
}
