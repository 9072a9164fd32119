using System.Globalization;
using ModelGateway.Transforms.Errors;

namespace ModelGateway.Ollama;

/// <summary>Writes Ollama's error shape, <c>{"error":"message"}</c>, with the status Ollama would use.</summary>
public static class OllamaError
{
    public static async Task WriteAsync(HttpResponse response, int status, string message, TimeSpan? retryAfter = null)
    {
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        if (retryAfter is { } wait)
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await response.Body.WriteAsync(OllamaErrorWriter.ToBytes(message));
    }
}
