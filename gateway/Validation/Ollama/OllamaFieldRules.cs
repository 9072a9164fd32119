using System.Buffers.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FluentValidation;

namespace ModelGateway.Validation.Ollama;

/// <summary>
/// Checks for the native fields that take several JSON shapes (<c>format</c>, <c>keep_alive</c>, <c>think</c>) and for
/// base64 <c>images</c>. Each failure names the field's JSON path.
/// </summary>
internal static partial class OllamaFieldRules
{
    static readonly string[] ThinkLevels = ["low", "medium", "high", "max"];

    /// <summary><c>format</c>: absent, null, "", "json" or a JSON Schema object; anything else is a 500 from Ollama's runner.</summary>
    public static void Format<T>(JsonElement? format, ValidationContext<T> context)
    {
        if (format is not { } element || element.ValueKind == JsonValueKind.Null) return;
        if (element.ValueKind == JsonValueKind.String)
        {
            if (element.GetString() is not ("" or "json"))
                context.AddFailure("format", $"expected \"json\" or a JSON Schema object, got \"{element.GetString()}\".");
            return;
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            context.AddFailure("format", "expected \"json\" or a JSON Schema object.");
            return;
        }
        if (element.TryGetProperty("type"u8, out var type)
            && type.ValueKind != JsonValueKind.String
            && !(type.ValueKind == JsonValueKind.Array && type.EnumerateArray().All(t => t.ValueKind == JsonValueKind.String)))
            context.AddFailure("format.type", "expected a JSON Schema type name or an array of them.");
        else if (element.TryGetProperty("properties"u8, out var properties) && properties.ValueKind != JsonValueKind.Object)
            context.AddFailure("format.properties", "expected an object mapping property names to schemas.");
        else if (element.TryGetProperty("required"u8, out var required)
                 && (required.ValueKind != JsonValueKind.Array || required.EnumerateArray().Any(r => r.ValueKind != JsonValueKind.String)))
            context.AddFailure("format.required", "expected an array of property names.");
    }

    /// <summary><c>keep_alive</c>: seconds as a number (negative = forever) or a Go duration such as "5m" or "-1h".</summary>
    public static void KeepAlive<T>(JsonElement? keepAlive, ValidationContext<T> context)
    {
        if (keepAlive is not { } element || element.ValueKind is JsonValueKind.Null or JsonValueKind.Number) return;
        if (element.ValueKind == JsonValueKind.String && GoDuration().IsMatch(element.GetString()!)) return;
        context.AddFailure("keep_alive", "expected a number of seconds or a duration with a unit such as \"5m\" or \"1h30m\".");
    }

    /// <summary><c>think</c>: true, false, or a level.</summary>
    public static void Think<T>(JsonElement? think, ValidationContext<T> context)
    {
        if (think is not { } element || element.ValueKind is JsonValueKind.Null or JsonValueKind.True or JsonValueKind.False) return;
        if (element.ValueKind == JsonValueKind.String && ThinkLevels.Contains(element.GetString())) return;
        context.AddFailure("think", "expected true, false, \"low\", \"medium\", \"high\" or \"max\".");
    }

    /// <summary>Base64 images (standard alphabet, no <c>data:</c> prefix); <paramref name="path"/> is the array's JSON path.</summary>
    public static void Images<T>(IReadOnlyList<string?>? images, string path, ValidationContext<T> context)
    {
        if (images is null) return;
        for (var i = 0; i < images.Count; i++)
        {
            var image = images[i];
            if (string.IsNullOrEmpty(image))
            {
                context.AddFailure($"{path}[{i}]", "expected a base64-encoded image.");
                return;
            }
            if (image.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
            {
                context.AddFailure($"{path}[{i}]", "send the raw base64 of the image, without a data: URL prefix.");
                return;
            }
            if (!Base64.IsValid(image))
            {
                context.AddFailure($"{path}[{i}]", "the image is not valid base64.");
                return;
            }
        }
    }

    /// <summary>A text field within <see cref="ValidationOptions.MaxContentCharacters"/>.</summary>
    public static void Text<T>(string? text, string path, int max, ValidationContext<T> context)
    {
        if (text is not null && text.Length > max)
            context.AddFailure(path, $"string too long; expected at most {max} characters, got {text.Length}.");
    }

    [GeneratedRegex(@"^(0|[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$")]
    private static partial Regex GoDuration();
}
