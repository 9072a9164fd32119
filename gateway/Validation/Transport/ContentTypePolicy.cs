using Microsoft.Net.Http.Headers;
using ModelGateway.Errors;

namespace ModelGateway.Validation.Transport;

/// <summary>
/// Which Content-Types a JSON body may arrive with. Both surfaces take application/json (and any +json type) in UTF-8,
/// and a missing Content-Type. /api also takes application/x-www-form-urlencoded and text/plain, because that is what
/// <c>curl -d</c> sends and Ollama's own documentation uses curl -d throughout (Ollama ignores the header). /v1 refuses
/// those: OpenAI's SDKs always send application/json, and a form body there is a client mistake worth naming.
/// </summary>
internal static class ContentTypePolicy
{
    /// <summary>Null when <paramref name="contentType"/> is acceptable; otherwise the reason for a 415.</summary>
    public static string? Check(string? contentType, ApiSurface surface)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return null;
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed) || parsed.MediaType.Value is not { } mediaType)
            return $"Content-Type '{contentType}' cannot be parsed; send application/json.";

        var charset = parsed.Charset.Value;
        if (charset is not null && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
            return $"charset '{charset}' is not supported; send the JSON body in UTF-8.";

        if (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
            return null;
        if (surface == ApiSurface.Ollama
            && (mediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
                || mediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase)))
            return null;
        if (mediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            return "Content-Type application/x-www-form-urlencoded is not supported; send the JSON body as application/json (with curl: -H \"Content-Type: application/json\").";
        return $"Content-Type '{mediaType}' is not supported; send the body as application/json.";
    }
}
