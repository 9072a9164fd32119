using System.Text.Json;

namespace ModelGateway.Caching;

/// <summary>
/// Writes JSON in one canonical form, so requests that differ only in key order, whitespace, escaping or number
/// spelling (0 / 0.0 / 0e0) share a cache key.
/// </summary>
internal static class CanonicalJson
{
    public static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in SortedProperties(element))
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray()) Write(writer, item);
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            case JsonValueKind.Number:
                WriteNumber(writer, element);
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    /// <summary>Properties by ordinal name; a stable sort keeps duplicate keys in their (meaningful) order.</summary>
    public static IEnumerable<JsonProperty> SortedProperties(JsonElement obj)
        => obj.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal);

    static void WriteNumber(Utf8JsonWriter writer, JsonElement element)
    {
        if (element.TryGetInt64(out var integer)) writer.WriteNumberValue(integer);
        else if (element.TryGetDouble(out var real) && double.IsFinite(real))
        {
            // Integral doubles (1.0, 1e3) are written as integers so they match their integer spelling.
            if (real == Math.Floor(real) && Math.Abs(real) < 9e15) writer.WriteNumberValue((long)real);
            else writer.WriteNumberValue(real);
        }
        else element.WriteTo(writer);
    }
}
