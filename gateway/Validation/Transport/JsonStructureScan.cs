using System.Text.Json;
using System.Text.Unicode;

namespace ModelGateway.Validation.Transport;

/// <summary>
/// One forward pass over a body with <see cref="Utf8JsonReader"/>: valid UTF-8, nesting within the depth limit, every
/// array within the item limit, no escaped string that cannot become text (a lone surrogate such as "\ud800"), and
/// the names of the top-level fields. Nothing is allocated per value except escaped strings and top-level names.
/// </summary>
internal static class JsonStructureScan
{
    public static JsonStructureReport Scan(ReadOnlySpan<byte> body, JsonStructureLimits limits)
    {
        var topLevel = new HashSet<string>(StringComparer.Ordinal);
        if (!Utf8.IsValid(body))
            return new JsonStructureReport { Problem = "The request body is not valid UTF-8.", TopLevelFields = topLevel };

        // The reader's own limit sits just above ours so the scan reports depth itself, with a path.
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = limits.MaxDepth + 1 });
        var frames = new List<Frame>();
        string? property = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        property = reader.GetString();
                        if (frames.Count == 1) topLevel.Add(property!);
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        var path = ChildPath(frames, property);
                        if (CountItem(frames, limits) is { } tooLong) return Report(tooLong, topLevel);
                        if (frames.Count >= limits.MaxDepth)
                            return Report(new(path, $"JSON nesting is deeper than the limit of {limits.MaxDepth} levels."), topLevel);
                        frames.Add(new Frame(path, reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    default:
                        if (reader.TokenType == JsonTokenType.String && reader.ValueIsEscaped && !CanUnescape(ref reader))
                            return Report(new(ChildPath(frames, property), "The string contains an escaped character that is not valid text (a lone surrogate)."), topLevel);
                        if (CountItem(frames, limits) is { } overflow) return Report(overflow, topLevel);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed JSON: the surface's parser answers with its own message.
        }
        catch (InvalidOperationException)
        {
            return new JsonStructureReport { Problem = "A property name contains an escaped character that is not valid text.", TopLevelFields = topLevel };
        }
        return new JsonStructureReport { TopLevelFields = topLevel };
    }

    static (string? Path, string Problem)? CountItem(List<Frame> frames, JsonStructureLimits limits)
    {
        if (frames.Count == 0 || !frames[^1].IsArray) return null;
        var frame = frames[^1];
        frame.Count++;
        return frame.Count > limits.MaxArrayItems
            ? (frame.Path, $"The array has more than the limit of {limits.MaxArrayItems} items.")
            : null;
    }

    static string? ChildPath(List<Frame> frames, string? property)
    {
        if (frames.Count == 0) return null;
        var parent = frames[^1];
        if (parent.IsArray) return $"{parent.Path}[{parent.Count}]";
        return parent.Path is null ? property : $"{parent.Path}.{property}";
    }

    static bool CanUnescape(ref Utf8JsonReader reader)
    {
        try
        {
            _ = reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    static JsonStructureReport Report((string? Path, string Problem)? found, HashSet<string> topLevel)
        => new() { Path = found!.Value.Path, Problem = found.Value.Problem, TopLevelFields = topLevel };

    sealed class Frame(string? path, bool isArray)
    {
        public string? Path { get; } = path;
        public bool IsArray { get; } = isArray;
        public int Count { get; set; }
    }
}
