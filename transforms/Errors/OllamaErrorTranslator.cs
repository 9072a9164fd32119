using ModelGateway.Transforms.Serialization;
using ModelGateway.Transforms.Shared;

namespace ModelGateway.Transforms.Errors;

/// <summary>
/// A worker's error answer (status + <c>{"error":m}</c>) → what the gateway answers an OpenAI client
/// (mapping doc §8). Status classes matter most: SDKs retry 429 and 5xx, never 400/404, so client faults
/// stay 4xx and worker faults become 502/503.
/// </summary>
public static class OllamaErrorTranslator
{
    const int MaxRawMessage = 512;

    /// <param name="nativeStatus">The worker's HTTP status.</param>
    /// <param name="nativeBody">The worker's body, normally <c>{"error":"..."}</c>; anything else is quoted (shortened).</param>
    /// <param name="requestedModel">The model name the client asked for, used in messages.</param>
    public static OpenAIError Translate(int nativeStatus, ReadOnlySpan<byte> nativeBody, string requestedModel)
    {
        var isJsonError = NativeLineReader.TryRead(nativeBody, TransformsJsonContext.Default.OllamaErrorBody, out var body)
                          && body!.Error is not null;
        if (!isJsonError)
        {
            // A non-JSON 404 is the router's "404 page not found": the worker lacks the endpoint, not the model.
            var raw = System.Text.Encoding.UTF8.GetString(nativeBody.Length > MaxRawMessage ? nativeBody[..MaxRawMessage] : nativeBody).Trim();
            return OpenAIError.BadGateway(
                $"The worker answered HTTP {nativeStatus}{(raw.Length > 0 ? ": " + raw : "")}");
        }
        return Translate(nativeStatus, body!.Error!, requestedModel);
    }

    /// <summary>Same, for an error message already extracted (e.g. an error line before any output was sent).</summary>
    public static OpenAIError Translate(int nativeStatus, string message, string requestedModel) => nativeStatus switch
    {
        400 => CapabilityMissing(message, requestedModel) ?? OpenAIError.InvalidRequest(message, InferParam(message), InferCode(message)),
        404 => OpenAIError.ModelNotFound(requestedModel),
        429 or 503 => OpenAIError.ServerBusy(requestedModel),
        _ => OpenAIError.BadGateway(message),
    };

    const string DoesNotSupport = " does not support ";

    /// <summary>
    /// Ollama's "&lt;model&gt; does not support &lt;capability&gt;" names the model as the worker knows it (the full
    /// registry name, or the target of an alias): the client is told about the name it sent instead.
    /// </summary>
    static OpenAIError? CapabilityMissing(string message, string requestedModel)
    {
        var at = message.IndexOf(DoesNotSupport, StringComparison.Ordinal);
        if (at <= 0) return null;
        var capability = message[(at + DoesNotSupport.Length)..];
        // The request field that asked for the capability; for what the model is not at all (chat, embeddings), the model.
        string? param = capability switch
        {
            "tools" => "tools",
            "thinking" => "reasoning_effort",
            "insert" => "suffix",
            "chat" or "generate" or "completion" or "embeddings" => "model",
            _ => null,
        };
        return param is null ? null : OpenAIError.InvalidRequest($"The model `{requestedModel}` does not support {capability}.", param);
    }

    /// <summary>Which request field a native 400 message is about, when it can be told.</summary>
    internal static string? InferParam(string message)
    {
        if (message.Contains("does not support tools", StringComparison.Ordinal)) return "tools";
        if (message.Contains("does not support thinking", StringComparison.Ordinal)
            || message.Contains("invalid think value", StringComparison.Ordinal)) return "reasoning_effort";
        if (message.Contains("does not support insert", StringComparison.Ordinal)) return "suffix";
        if (message.Contains("does not support chat", StringComparison.Ordinal)
            || message.Contains("does not support generate", StringComparison.Ordinal)
            || message.Contains("invalid model name", StringComparison.Ordinal)
            || message.Contains("model is required", StringComparison.Ordinal)) return "model";
        if (message.Contains("top_logprobs", StringComparison.Ordinal)) return "top_logprobs";
        if (message.Contains("invalid input", StringComparison.Ordinal)
            || message.Contains("input length exceeds", StringComparison.Ordinal)) return "input";
        if (message.Contains("image", StringComparison.OrdinalIgnoreCase)
            || message.Contains("base64", StringComparison.Ordinal)) return "messages";
        return null;
    }

    static string? InferCode(string message) =>
        message.Contains("exceeds the context length", StringComparison.Ordinal) ? "context_length_exceeded" : null;
}
