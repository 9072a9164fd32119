using System.Collections;
using System.Text.Json;

namespace ModelGateway.Validation.Transport;

/// <summary>
/// The names of a body's top-level fields, read from it when first asked: validators ask only to name a parameter in
/// an error, and collecting them for every request cost a set and a string per field. A body that is not well-formed
/// JSON has the names read before the fault.
/// </summary>
internal sealed class TopLevelFieldNames(byte[] body) : IReadOnlySet<string>
{
    HashSet<string>? _names;

    HashSet<string> Names => _names ??= Read(body);

    static HashSet<string> Read(byte[] body)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            while (reader.Read())
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1) names.Add(reader.GetString()!);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Malformed JSON or a name that cannot be text: the surface's parser reports the body itself.
        }
        return names;
    }

    public int Count => Names.Count;
    public bool Contains(string item) => Names.Contains(item);
    public bool IsProperSubsetOf(IEnumerable<string> other) => Names.IsProperSubsetOf(other);
    public bool IsProperSupersetOf(IEnumerable<string> other) => Names.IsProperSupersetOf(other);
    public bool IsSubsetOf(IEnumerable<string> other) => Names.IsSubsetOf(other);
    public bool IsSupersetOf(IEnumerable<string> other) => Names.IsSupersetOf(other);
    public bool Overlaps(IEnumerable<string> other) => Names.Overlaps(other);
    public bool SetEquals(IEnumerable<string> other) => Names.SetEquals(other);
    public IEnumerator<string> GetEnumerator() => Names.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
