using System.Globalization;
using System.Text.Json.Nodes;

namespace ModelGateway.Ollama;

/// <summary>
/// Orders Ollama's <c>modified_at</c>/<c>expires_at</c> values by the instant they name. Workers write them with their
/// own local offset and a variable number of fractional digits (<c>…:30Z</c>, <c>…:30.26Z</c>,
/// <c>…10:00:00.123456789-07:00</c>), so their text does not sort. A missing or unreadable value sorts first.
/// </summary>
internal sealed class OllamaTimestampOrder : IComparer<JsonNode?>
{
    public static OllamaTimestampOrder Instance { get; } = new();

    public int Compare(JsonNode? x, JsonNode? y) => Nullable.Compare(Instant(x), Instant(y));

    static DateTimeOffset? Instant(JsonNode? value)
        => value is JsonValue text && text.TryGetValue<string>(out var s)
            && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant : null;
}
