using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace OllamaSim.Wire;

/// <summary>Writes one JSON value as a complete response (with Content-Length, no trailing newline), Go-escaped.</summary>
public static class JsonBody
{
    public const string ContentType = "application/json; charset=utf-8";

    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = GoJsonEncoder.Instance, SkipValidation = false };

    public static Task WriteAsync(HttpResponse response, int status, Action<Utf8JsonWriter> write, string contentType = ContentType)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            write(writer);
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = buffer.WrittenCount;
        return response.Body.WriteAsync(buffer.WrittenMemory).AsTask();
    }

    /// <summary><c>{"error":"..."}</c> — Ollama's only error shape.</summary>
    public static Task WriteErrorAsync(HttpResponse response, int status, string message, string contentType = ContentType) =>
        WriteAsync(response, status, w =>
        {
            w.WriteStartObject();
            w.WriteString("error", message);
            w.WriteEndObject();
        }, contentType);

    /// <summary>A plain-text body, as gin writes for 404/405 and <c>GET /</c>.</summary>
    public static Task WriteTextAsync(HttpResponse response, int status, string text)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        response.ContentLength = System.Text.Encoding.UTF8.GetByteCount(text);
        return response.WriteAsync(text);
    }
}
