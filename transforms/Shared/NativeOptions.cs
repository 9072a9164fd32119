using System.Text.Json;

namespace ModelGateway.Transforms.Shared;

/// <summary>
/// The native <c>options</c> object being built, in insertion order. Holds only what the client set, so
/// an absent field leaves the model's Modelfile default in force.
/// </summary>
internal sealed class NativeOptions
{
    readonly List<KeyValuePair<string, object>> _entries = [];

    public bool IsEmpty => _entries.Count == 0;

    public void Set(string key, double value) => SetValue(key, value);
    public void Set(string key, long value) => SetValue(key, value);
    public void Set(string key, string[] value) => SetValue(key, value);
    public void Set(string key, JsonElement value) => SetValue(key, value);

    public void WriteTo(Utf8JsonWriter writer)
    {
        if (IsEmpty)
            return;
        writer.WriteStartObject("options"u8);
        foreach (var (key, value) in _entries)
        {
            writer.WritePropertyName(key);
            switch (value)
            {
                case double d: writer.WriteNumberValue(d); break;
                case long l: writer.WriteNumberValue(l); break;
                case JsonElement e: e.WriteTo(writer); break;
                case string[] strings:
                    writer.WriteStartArray();
                    foreach (var s in strings)
                        writer.WriteStringValue(s);
                    writer.WriteEndArray();
                    break;
            }
        }
        writer.WriteEndObject();
    }

    void SetValue(string key, object value)
    {
        for (var i = 0; i < _entries.Count; i++)
        {
            if (_entries[i].Key == key)
            {
                _entries[i] = new(key, value);
                return;
            }
        }
        _entries.Add(new(key, value));
    }
}
