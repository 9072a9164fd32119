using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace ModelGateway.Validation.Transport;

/// <summary>
/// One forward pass over a body with <see cref="Utf8JsonReader"/>: valid UTF-8, nesting within the depth limit, every
/// array within the item limit, no escaped string that cannot become text (a lone surrogate such as "\ud800"), and
/// the names of the top-level fields and the <c>model</c> among them. Paths are only spelled out for the problem found; top-level names and escaped
/// strings are the only values decoded.
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
        var name = default(NameToken);
        var model = default(ModelFieldSearch);
        var first = JsonTokenType.None;
        var readToEnd = false;
        try
        {
            while (reader.Read())
            {
                if (first == JsonTokenType.None) first = reader.TokenType;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        name = new NameToken((int)reader.TokenStartIndex, reader.ValueSpan.Length, reader.ValueIsEscaped);
                        if (frames.Count == 1)
                        {
                            topLevel.Add(reader.GetString()!);
                            model.AtTopLevelName(ref reader);
                        }
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        var container = Child(frames, name, reader.TokenType == JsonTokenType.StartArray);
                        if (Count(frames, limits) is { } tooLong) return Report(body, tooLong, limits, topLevel);
                        if (frames.Count >= limits.MaxDepth)
                            return Report(body, container, $"JSON nesting is deeper than the limit of {limits.MaxDepth} levels.", topLevel);
                        if (frames.Count == 1) model.AtTopLevelValue(ref reader);
                        frames.Add(container);
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    default:
                        if (reader.TokenType == JsonTokenType.String && reader.ValueIsEscaped && !CanUnescape(ref reader))
                            return Report(body, Child(frames, name, false), "The string contains an escaped character that is not valid text (a lone surrogate).", topLevel);
                        if (Count(frames, limits) is { } overflow) return Report(body, overflow, limits, topLevel);
                        if (frames.Count == 1) model.AtTopLevelValue(ref reader);
                        break;
                }
            }
            readToEnd = true;
        }
        catch (JsonException)
        {
            // Malformed JSON: the surface's parser answers with its own message.
        }
        catch (InvalidOperationException)
        {
            return new JsonStructureReport { Problem = "A property name contains an escaped character that is not valid text.", TopLevelFields = topLevel };
        }
        // Only a body read to its end is one well-formed value, for which the search answers as ModelField.Find would
        // (whose reader allows depth 128; the scan stops deeper bodies first).
        return new JsonStructureReport { TopLevelFields = topLevel, Model = readToEnd && limits.MaxDepth <= 128 ? model.Result(first) : null };
    }

    /// <summary>The next item of the innermost array; returns that array when it now holds too many.</summary>
    static Frame? Count(List<Frame> frames, JsonStructureLimits limits)
    {
        if (frames.Count == 0 || !frames[^1].IsArray) return null;
        var array = frames[^1];
        return ++array.Count > limits.MaxArrayItems ? array : null;
    }

    static Frame Child(List<Frame> frames, NameToken name, bool isArray)
    {
        var parent = frames.Count == 0 ? null : frames[^1];
        return parent is { IsArray: true }
            ? new Frame(parent, default, parent.Count, isArray)
            : new Frame(parent, name, -1, isArray);
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

    static JsonStructureReport Report(ReadOnlySpan<byte> body, Frame array, JsonStructureLimits limits, HashSet<string> topLevel)
        => Report(body, array, $"The array has more than the limit of {limits.MaxArrayItems} items.", topLevel);

    static JsonStructureReport Report(ReadOnlySpan<byte> body, Frame at, string problem, HashSet<string> topLevel)
        => new() { Path = PathOf(body, at), Problem = problem, TopLevelFields = topLevel };

    /// <summary>Spells out <c>a.b[2].c</c> for a frame, decoding the property names from the body.</summary>
    static string? PathOf(ReadOnlySpan<byte> body, Frame frame)
    {
        var segments = new List<string>();
        for (var f = frame; f.Parent is not null; f = f.Parent)
            segments.Add(f.Index >= 0 ? $"[{f.Index}]" : "." + f.Name.Decode(body));
        if (segments.Count == 0) return null;
        segments.Reverse();
        return string.Concat(segments).TrimStart('.');
    }

    /// <summary>Where a property name sits in the body (its opening quote, raw length, escaped or not).</summary>
    readonly record struct NameToken(int Start, int Length, bool Escaped)
    {
        public string Decode(ReadOnlySpan<byte> body)
        {
            var quoted = body.Slice(Start, Length + 2);
            if (!Escaped) return Encoding.UTF8.GetString(quoted[1..^1]);
            var reader = new Utf8JsonReader(quoted);
            reader.Read();
            return reader.GetString()!;
        }
    }

    sealed class Frame(Frame? parent, NameToken name, int index, bool isArray)
    {
        public Frame? Parent { get; } = parent;
        public NameToken Name { get; } = name;
        /// <summary>Position in the parent array; -1 for a property of an object.</summary>
        public int Index { get; } = index;
        public bool IsArray { get; } = isArray;
        public int Count { get; set; }
    }
}
