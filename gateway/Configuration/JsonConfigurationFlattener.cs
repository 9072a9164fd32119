using System.Text.Json;

namespace ModelGateway.Configuration;

/// <summary>
/// Turns a JSON document into configuration key/value pairs the way the framework's JSON provider does
/// (objects nest with ':', arrays by index), so the fleet file reads the same as appsettings.json.
/// </summary>
public static class JsonConfigurationFlattener
{
    public static Dictionary<string, string?> Flatten(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        using var doc = JsonDocument.ParseValue(ref reader);
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
            throw new FormatException("the top level of the configuration file must be a JSON object");
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Visit(doc.RootElement, prefix: null, data);
        return data;
    }

    static void Visit(JsonElement element, string? prefix, Dictionary<string, string?> data)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var any = false;
                foreach (var property in element.EnumerateObject())
                {
                    any = true;
                    Visit(property.Value, prefix is null ? property.Name : prefix + ConfigurationPath.KeyDelimiter + property.Name, data);
                }
                if (!any && prefix is not null) data[prefix] = null;
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                    Visit(item, prefix + ConfigurationPath.KeyDelimiter + (index++).ToString(System.Globalization.CultureInfo.InvariantCulture), data);
                if (index == 0 && prefix is not null) data[prefix] = null;
                break;
            case JsonValueKind.Null:
                data[prefix!] = null;
                break;
            default:
                var text = element.ValueKind switch
                {
                    JsonValueKind.String => element.GetString(),
                    JsonValueKind.True => bool.TrueString,
                    JsonValueKind.False => bool.FalseString,
                    _ => element.GetRawText(),
                };
                if (data.ContainsKey(prefix!))
                    throw new FormatException($"duplicate key '{prefix}'");
                data[prefix!] = text;
                break;
        }
    }
}
