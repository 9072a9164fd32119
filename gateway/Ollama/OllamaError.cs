using System.Text.Json;

namespace ModelGateway.Ollama;

/// <summary>Ollama's error shape, <c>{"error":"message"}</c>, written with the status Ollama would use.</summary>
public static class OllamaError
{
    public static async Task WriteAsync(HttpResponse response, int status, string message, TimeSpan? retryAfter = null)
    {
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        if (retryAfter is { } wait)
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await response.Body.WriteAsync(Encode(message));
    }

    public static byte[] Encode(string message)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(message.Length + 16);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("error", message);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
