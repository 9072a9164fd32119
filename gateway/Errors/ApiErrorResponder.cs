using System.Globalization;
using ModelGateway.Transforms.Errors;

namespace ModelGateway.Errors;

/// <summary>Writes a <see cref="GatewayException"/> in the shape of the surface the request came in on.</summary>
public static class ApiErrorResponder
{
    public static async Task WriteAsync(HttpContext context, GatewayException error)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            // Too late for a status: the stream owner reports it in-band.
            context.Abort();
            return;
        }
        response.StatusCode = error.StatusCode;
        // A relayed worker reply may have set its length before it broke off.
        response.ContentLength = null;
        foreach (var (name, value) in error.Headers) response.Headers[name] = value;
        if (error.RetryAfter is { } wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
        byte[] body;
        if (context.GetApiSurface() == ApiSurface.OpenAI)
        {
            response.ContentType = "application/json";
            body = OpenAIErrorWriter.ToBytes(new OpenAIError(error.StatusCode, error.Message, error.ErrorType, error.Param, error.Code));
        }
        else
        {
            response.ContentType = "application/json; charset=utf-8";
            body = OllamaErrorWriter.ToBytes(error.Message);
        }
        await response.Body.WriteAsync(body, context.RequestAborted);
    }
}
