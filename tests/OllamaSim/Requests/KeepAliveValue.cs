using System.Text.Json;
using OllamaSim.Configuration;

namespace OllamaSim.Requests;

/// <summary>
/// Decodes <c>keep_alive</c> like Ollama's <c>api.Duration</c>: a number is seconds, a string a Go duration,
/// negative means forever (<see cref="TimeSpan.MaxValue"/>).
/// </summary>
public static class KeepAliveValue
{
    public static TimeSpan? From(JsonFields fields)
    {
        if (fields.Get("keep_alive") is not { } v) return null;
        switch (v.ValueKind)
        {
            case JsonValueKind.Number:
                var seconds = v.GetDouble();
                return seconds < 0 ? TimeSpan.MaxValue : TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.MaxValue.TotalSeconds / 2));
            case JsonValueKind.String:
                if (!GoDuration.TryParse(v.GetString()!, out var d, out var error)) throw ApiError.BadRequest(error!);
                return d < TimeSpan.Zero ? TimeSpan.MaxValue : d;
            default:
                throw ApiError.BadRequest($"Unsupported type: '{(v.ValueKind is JsonValueKind.True or JsonValueKind.False ? "bool" : v.ValueKind == JsonValueKind.Array ? "[]interface {}" : "map[string]interface {}")}'");
        }
    }
}
