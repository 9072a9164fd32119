using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using FluentValidation.Results;

namespace ModelGateway.Validation.Ollama;

/// <summary>
/// Reads a native body into its checked fields. A field of the wrong JSON type fails with its path and the type
/// expected, found from the source-generated metadata along that path.
/// </summary>
internal static partial class OllamaBodyReader
{
    public static T? Read<T>(ReadOnlySpan<byte> body, JsonTypeInfo<T> typeInfo, out ValidationFailure? failure) where T : class
    {
        try
        {
            failure = null;
            return JsonSerializer.Deserialize(body, typeInfo);
        }
        catch (JsonException ex)
        {
            var path = ToParam(ex.Path);
            var expected = path is null ? null : Describe(ExpectedType(typeInfo, path));
            failure = new ValidationFailure(path ?? "", expected is null ? "the value has the wrong JSON type." : $"expected {expected}.");
            return null;
        }
    }

    static string? ToParam(string? path)
        => path is { Length: > 2 } && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;

    /// <summary>Walks <c>a[1].b</c> through property and element types; null when the path leaves the known fields.</summary>
    static Type? ExpectedType(JsonTypeInfo root, string path)
    {
        var resolver = root.Options.TypeInfoResolver;
        Type? type = root.Type;
        foreach (Match segment in PathSegment().Matches(path))
        {
            if (type is null || resolver is null) return null;
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (segment.Groups["index"].Success)
            {
                type = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) ? type.GetGenericArguments()[0] : null;
                continue;
            }
            var info = resolver.GetTypeInfo(type, root.Options);
            var name = segment.Groups["name"].Value;
            type = info?.Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.PropertyType;
        }
        return type;
    }

    static string? Describe(Type? type)
    {
        if (type is null) return null;
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return "a string";
        if (type == typeof(bool)) return "true or false";
        if (type == typeof(int) || type == typeof(long)) return "an integer";
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
            return "an array of " + Plural(type.GetGenericArguments()[0]);
        if (type == typeof(JsonElement)) return null;
        return "an object";
    }

    static string Plural(Type element) => Describe(element) switch
    {
        "a string" => "strings",
        "an integer" => "integers",
        "true or false" => "booleans",
        _ => "objects",
    };

    [GeneratedRegex(@"(?<name>[^.\[\]]+)|\[(?<index>\d+)\]")]
    private static partial Regex PathSegment();
}
