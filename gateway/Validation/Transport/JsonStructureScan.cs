using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace ModelGateway.Validation.Transport;

/// <summary>
/// One forward pass over a body with <see cref="Utf8JsonReader"/>: valid UTF-8, nesting within the depth limit, every
/// array within the item limit, no escaped string that cannot become text (a lone surrogate such as "\ud800"), and
/// the top-level <c>model</c>, and (on request) no top-level field named twice. Paths are only spelled out for the problem found; escaped strings are the only values
/// decoded (the top-level names are read only if asked: <see cref="TopLevelFieldNames"/>).
/// </summary>
internal static class JsonStructureScan
{
    public static JsonStructureReport Scan(ReadOnlySpan<byte> body, JsonStructureLimits limits)
    {
        if (!Utf8.IsValid(body))
            return new JsonStructureReport { Problem = "The request body is not valid UTF-8." };

        // The reader's own limit sits just above ours so the scan reports depth itself, with a path.
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = limits.MaxDepth + 1 });
        // The open containers, outermost first; the scan never opens more than MaxDepth (at most 128 once validated).
        var frames = limits.MaxDepth <= 128 ? stackalloc Frame[Math.Max(limits.MaxDepth, 0)] : new Frame[limits.MaxDepth];
        var depth = 0;
        var name = default(NameToken);
        var model = default(ModelFieldSearch);
        var first = JsonTokenType.None;
        var readToEnd = false;
        var topLevel = new TopLevelNames(limits.UniqueTopLevelNames ? stackalloc NameToken[TopLevelNames.Inline] : default);
        try
        {
            while (reader.Read())
            {
                if (first == JsonTokenType.None) first = reader.TokenType;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        name = new NameToken((int)reader.TokenStartIndex, reader.ValueSpan.Length, reader.ValueIsEscaped);
                        if (depth == 1)
                        {
                            model.AtTopLevelName(ref reader);
                            if (limits.UniqueTopLevelNames && topLevel.IsRepeated(body, name))
                                return Report(body, frames[..depth], new Frame(name, -1, false),
                                    "The field is given more than once (names are compared ignoring case, as Ollama does); send it once.");
                        }
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        var container = Child(frames[..depth], name, reader.TokenType == JsonTokenType.StartArray);
                        if (CountItem(frames[..depth], limits)) return TooManyItems(body, frames[..depth], limits);
                        if (depth >= limits.MaxDepth)
                            return Report(body, frames[..depth], container, $"JSON nesting is deeper than the limit of {limits.MaxDepth} levels.");
                        if (depth == 1) model.AtTopLevelValue(ref reader);
                        frames[depth++] = container;
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        depth--;
                        break;
                    default:
                        if (reader.TokenType == JsonTokenType.String && reader.ValueIsEscaped && !CanUnescape(ref reader))
                            return Report(body, frames[..depth], Child(frames[..depth], name, false), "The string contains an escaped character that is not valid text (a lone surrogate).");
                        if (CountItem(frames[..depth], limits)) return TooManyItems(body, frames[..depth], limits);
                        if (depth == 1) model.AtTopLevelValue(ref reader);
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
            return new JsonStructureReport { Problem = "A property name contains an escaped character that is not valid text." };
        }
        // Only a body read to its end is one well-formed value, for which the search answers as ModelField.Find would
        // (whose reader allows depth 128; the scan stops deeper bodies first).
        return new JsonStructureReport { Model = readToEnd && limits.MaxDepth <= 128 ? model.Result(first) : null };
    }

    /// <summary>Counts the next item of the innermost array; true when that array now holds too many.</summary>
    static bool CountItem(Span<Frame> open, JsonStructureLimits limits)
        => !open.IsEmpty && open[^1].IsArray && ++open[^1].Count > limits.MaxArrayItems;

    /// <summary>The frame of a container or value about to be read inside <paramref name="open"/>'s innermost container.</summary>
    static Frame Child(ReadOnlySpan<Frame> open, NameToken name, bool isArray)
        => !open.IsEmpty && open[^1].IsArray
            ? new Frame(default, open[^1].Count, isArray)
            : new Frame(name, -1, isArray);

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

    /// <summary>The innermost open container is an array with too many items.</summary>
    static JsonStructureReport TooManyItems(ReadOnlySpan<byte> body, ReadOnlySpan<Frame> open, JsonStructureLimits limits)
        => new() { Path = PathOf(body, open, null), Problem = $"The array has more than the limit of {limits.MaxArrayItems} items." };

    /// <summary>A problem at <paramref name="at"/>, a container or value inside <paramref name="open"/>.</summary>
    static JsonStructureReport Report(ReadOnlySpan<byte> body, ReadOnlySpan<Frame> open, Frame at, string problem)
        => new() { Path = PathOf(body, open, at), Problem = problem };

    /// <summary>
    /// Spells out <c>a.b[2].c</c> for the innermost of <paramref name="open"/>, or for <paramref name="inner"/> inside it,
    /// decoding the property names from the body. The outermost container has no segment of its own.
    /// </summary>
    static string? PathOf(ReadOnlySpan<byte> body, ReadOnlySpan<Frame> open, Frame? inner)
    {
        var segments = new List<string>();
        for (var i = 1; i < open.Length; i++)
            segments.Add(Segment(body, open[i]));
        if (inner is { } frame && !open.IsEmpty)
            segments.Add(Segment(body, frame));
        return segments.Count == 0 ? null : string.Concat(segments).TrimStart('.');
    }

    static string Segment(ReadOnlySpan<byte> body, Frame frame) => frame.Index >= 0 ? $"[{frame.Index}]" : "." + frame.Name.Decode(body);

    /// <summary>
    /// The top-level names seen so far: the first few compared pairwise in place (a request has a handful), any further
    /// ones in a set of folded names, so a body of many fields costs linear time.
    /// </summary>
    ref struct TopLevelNames(Span<NameToken> inline)
    {
        public const int Inline = 16;
        readonly Span<NameToken> _inline = inline;
        int _count;
        HashSet<string>? _more;

        public bool IsRepeated(ReadOnlySpan<byte> body, NameToken name)
        {
            if (_more is null && _count < _inline.Length)
            {
                var text = name.Utf8(body);
                foreach (var seen in _inline[.._count])
                    if (Forwarding.GoJsonName.Equal(seen.Utf8(body), text)) return true;
                _inline[_count++] = name;
                return false;
            }
            if (_more is null)
            {
                _more = new HashSet<string>(StringComparer.Ordinal);
                foreach (var seen in _inline[.._count]) _more.Add(Forwarding.GoJsonName.Fold(seen.Utf8(body)));
            }
            return !_more.Add(Forwarding.GoJsonName.Fold(name.Utf8(body)));
        }
    }

    /// <summary>Where a property name sits in the body (its opening quote, raw length, escaped or not).</summary>
    readonly record struct NameToken(int Start, int Length, bool Escaped)
    {
        /// <summary>The name as UTF-8 text: a slice of the body, or unescaped into a new array (rare).</summary>
        public ReadOnlySpan<byte> Utf8(ReadOnlySpan<byte> body)
            => Escaped ? Encoding.UTF8.GetBytes(Decode(body)) : body.Slice(Start + 1, Length);

        public string Decode(ReadOnlySpan<byte> body)
        {
            var quoted = body.Slice(Start, Length + 2);
            if (!Escaped) return Encoding.UTF8.GetString(quoted[1..^1]);
            var reader = new Utf8JsonReader(quoted);
            reader.Read();
            return reader.GetString()!;
        }
    }

    /// <summary>One open container: its name or position in its parent, its kind, and (for an array) the items so far.</summary>
    struct Frame(NameToken name, int index, bool isArray)
    {
        public readonly NameToken Name = name;
        /// <summary>Position in the parent array; -1 for a property of an object.</summary>
        public readonly int Index = index;
        public readonly bool IsArray = isArray;
        public int Count;
    }
}
