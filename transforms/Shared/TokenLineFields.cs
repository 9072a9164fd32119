using System.Text.Json;
using System.Text.Unicode;
using ModelGateway.Transforms.Serialization;

namespace ModelGateway.Transforms.Shared;

/// <summary>
/// Field reads for the token-line fast paths (<c>ChatTokenLine</c>, <c>GenerateTokenLine</c>). Each accepts only
/// what the DTO deserialiser would accept the same way; anything else returns false so the caller falls back to the
/// full deserialisation, which then decides (and reports errors) exactly as before.
/// </summary>
internal static class TokenLineFields
{
    /// <summary>A string or null value, as the deserialiser's string converter would read it.</summary>
    /// <exception cref="InvalidOperationException">The value is not valid UTF-8 / UTF-16 once unescaped.</exception>
    public static bool TryReadString(scoped ref Utf8JsonReader reader, out NativeString value)
    {
        value = default;
        if (!reader.Read()) return false;
        if (reader.TokenType == JsonTokenType.Null) return true;
        if (reader.TokenType != JsonTokenType.String) return false;
        var raw = reader.ValueSpan;
        // The encoder also flags ill-formed UTF-8, so "nothing to encode" means the bytes are what the writer would write.
        value = !reader.ValueIsEscaped && JsonWriting.Options.Encoder!.FindFirstCharacterToEncodeUtf8(raw) < 0
            ? NativeString.FromVerbatim(raw)
            : NativeString.FromText(reader.GetString());
        return true;
    }

    /// <summary>A <c>"done":false</c> (a true done line has more to translate than a token).</summary>
    public static bool TryReadNotDone(ref Utf8JsonReader reader) => reader.Read() && reader.TokenType == JsonTokenType.False;

    /// <summary>
    /// The <c>created_at</c> timestamp: its value is not needed once the stream's time is pinned, but the deserialiser
    /// decodes it, so it must be a string or null that decodes without error.
    /// </summary>
    /// <exception cref="InvalidOperationException">The value is not valid UTF-8 / UTF-16 once unescaped.</exception>
    public static bool TryReadIgnoredString(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) return false;
        if (reader.TokenType == JsonTokenType.Null) return true;
        if (reader.TokenType != JsonTokenType.String) return false;
        return reader.ValueIsEscaped ? reader.GetString() is not null : Utf8.IsValid(reader.ValueSpan);
    }

    /// <summary>Opens the line's root object; false for anything that does not start with one.</summary>
    public static bool TryStart(ReadOnlySpan<byte> line, out Utf8JsonReader reader)
    {
        reader = new Utf8JsonReader(line);
        return reader.Read() && reader.TokenType == JsonTokenType.StartObject;
    }

    /// <summary>The root object is closed: nothing but whitespace may follow (the deserialiser's rule).</summary>
    public static bool TryFinish(ref Utf8JsonReader reader) => !reader.Read();

    /// <summary>Marks <paramref name="bit"/> as seen; false when it was already (a repeated field: the slow path decides).</summary>
    public static bool FirstTime(ref int seen, int bit)
    {
        if ((seen & bit) != 0) return false;
        seen |= bit;
        return true;
    }
}
