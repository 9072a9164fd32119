namespace ModelGateway.Errors;

/// <summary>
/// The gateway turns a request away before anything was written: each surface renders it in its own error shape
/// (OpenAI's envelope on /v1, Ollama's <c>{"error":...}</c> on /api) with the same status and headers.
/// </summary>
public class GatewayException : Exception
{
    public GatewayException(int statusCode, string message, string errorType = "invalid_request_error",
        string? param = null, string? code = null, TimeSpan? retryAfter = null, Exception? inner = null)
        : base(message, inner)
    {
        StatusCode = statusCode;
        ErrorType = errorType;
        Param = param;
        Code = code;
        RetryAfter = retryAfter;
    }

    public int StatusCode { get; }

    /// <summary>OpenAI's error <c>type</c> (invalid_request_error, server_error, requests, tokens, ...).</summary>
    public string ErrorType { get; }

    /// <summary>OpenAI's <c>param</c>: the request field at fault, when one is.</summary>
    public string? Param { get; }

    /// <summary>OpenAI's <c>code</c> (model_not_found, rate_limit_exceeded, invalid_api_key, ...).</summary>
    public string? Code { get; }

    public TimeSpan? RetryAfter { get; }

    /// <summary>Extra response headers (e.g. the x-ratelimit-* set).</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
}
