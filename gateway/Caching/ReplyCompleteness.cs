using System.Text.Json;

namespace ModelGateway.Caching;

/// <summary>
/// Decides whether a recorded reply is whole and successful, and so worth storing. A native stream must end with a
/// <c>"done": true</c> line and carry no <c>{"error": ...}</c> line; a JSON reply must parse and carry no error.
/// </summary>
internal static class ReplyCompleteness
{
    public static bool IsComplete(string contentType, ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) return false;
        if (!contentType.Contains("ndjson", StringComparison.OrdinalIgnoreCase))
            return TryInspect(body, out _, out var failed) && !failed;

        // A stream cut right after a closing brace would otherwise pass for whole.
        if (body[^1] != (byte)'\n') return false;
        var done = false;
        foreach (var range in body.Split((byte)'\n'))
        {
            var line = body[range];
            if (line.IsEmpty || line.SequenceEqual("\r"u8)) continue;
            if (done) return false;
            if (!TryInspect(line, out done, out var failed) || failed) return false;
        }
        return done;
    }

    /// <summary>Reads one JSON object, noting its top-level <c>done</c> flag and whether it has an <c>error</c> key.</summary>
    static bool TryInspect(ReadOnlySpan<byte> json, out bool done, out bool failed)
    {
        done = false;
        failed = false;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0) break;
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1) continue;
                if (reader.ValueTextEquals("error")) failed = true;
                else if (reader.ValueTextEquals("done"))
                {
                    reader.Read();
                    done = reader.TokenType == JsonTokenType.True;
                }
            }
            // Anything after the object (a second value) means this is not one reply.
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
