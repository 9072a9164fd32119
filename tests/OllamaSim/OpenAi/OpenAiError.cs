using Microsoft.AspNetCore.Http;
using OllamaSim.Wire;

namespace OllamaSim.OpenAi;

/// <summary>Ollama's OpenAI-layer error envelope: 400 → invalid_request_error, 404 → not_found_error, else api_error.</summary>
public static class OpenAiError
{
    public static Task WriteAsync(HttpResponse response, int status, string message) =>
        JsonBody.WriteAsync(response, status, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteString("message", message);
            w.WriteString("type", TypeFor(status));
            w.WriteNull("param");
            w.WriteNull("code");
            w.WriteEndObject();
            w.WriteEndObject();
        });

    public static string TypeFor(int status) => status switch
    {
        400 => "invalid_request_error",
        404 => "not_found_error",
        _ => "api_error",
    };
}
