using System.Globalization;
using System.Text.Json;
using FluentValidation;

namespace ModelGateway.Validation.Ollama;

/// <summary>
/// The native <c>options</c> object. Ollama answers a known key of the wrong JSON type with a 500 (for example
/// <c>stop</c> as a string); here it is a 400 naming the key. Unknown keys pass (Ollama ignores them), null values pass
/// (Ollama skips them). Ranges follow OpenAI's for the shared sampling keys; <c>num_predict</c> keeps Ollama's -1
/// (no limit) and -2 (fill the context) and must otherwise fit the model's context length.
/// </summary>
internal static class OllamaOptionsRule
{
    static readonly Dictionary<string, OllamaOptionKind> Known = new(StringComparer.Ordinal)
    {
        ["temperature"] = OllamaOptionKind.Float, ["top_p"] = OllamaOptionKind.Float, ["min_p"] = OllamaOptionKind.Float,
        ["typical_p"] = OllamaOptionKind.Float, ["repeat_penalty"] = OllamaOptionKind.Float,
        ["presence_penalty"] = OllamaOptionKind.Float, ["frequency_penalty"] = OllamaOptionKind.Float,
        ["tfs_z"] = OllamaOptionKind.Float, ["mirostat_tau"] = OllamaOptionKind.Float, ["mirostat_eta"] = OllamaOptionKind.Float,
        ["top_k"] = OllamaOptionKind.Int, ["seed"] = OllamaOptionKind.Int, ["num_predict"] = OllamaOptionKind.Int,
        ["repeat_last_n"] = OllamaOptionKind.Int, ["num_keep"] = OllamaOptionKind.Int, ["num_ctx"] = OllamaOptionKind.Int,
        ["num_batch"] = OllamaOptionKind.Int, ["num_gpu"] = OllamaOptionKind.Int, ["main_gpu"] = OllamaOptionKind.Int,
        ["num_thread"] = OllamaOptionKind.Int, ["draft_num_predict"] = OllamaOptionKind.Int, ["mirostat"] = OllamaOptionKind.Int,
        ["use_mmap"] = OllamaOptionKind.Bool, ["numa"] = OllamaOptionKind.Bool, ["low_vram"] = OllamaOptionKind.Bool,
        ["f16_kv"] = OllamaOptionKind.Bool, ["logits_all"] = OllamaOptionKind.Bool, ["vocab_only"] = OllamaOptionKind.Bool,
        ["use_mlock"] = OllamaOptionKind.Bool, ["embedding_only"] = OllamaOptionKind.Bool, ["penalize_newline"] = OllamaOptionKind.Bool,
        ["stop"] = OllamaOptionKind.StringArray,
    };

    static readonly Dictionary<string, (double Min, double Max)> Ranges = new(StringComparer.Ordinal)
    {
        ["temperature"] = (0, 2), ["top_p"] = (0, 1), ["min_p"] = (0, 1), ["typical_p"] = (0, 1),
        ["top_k"] = (0, int.MaxValue), ["num_ctx"] = (1, int.MaxValue), ["num_batch"] = (1, int.MaxValue),
        ["num_thread"] = (0, int.MaxValue), ["repeat_last_n"] = (-1, int.MaxValue),
    };

    public static void Check<T>(JsonElement? options, ValidationContext<T> context)
    {
        if (options is not { } element || element.ValueKind == JsonValueKind.Null) return;
        if (element.ValueKind != JsonValueKind.Object)
        {
            context.AddFailure("options", "expected an object of Ollama options.");
            return;
        }
        foreach (var property in element.EnumerateObject())
        {
            var param = "options." + property.Name;
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Null || !Known.TryGetValue(property.Name, out var kind)) continue;
            if (TypeError(value, kind, property.Name) is { } typeError)
            {
                context.AddFailure(param, typeError);
                return;
            }
            if (kind == OllamaOptionKind.StringArray) continue;
            if (kind is OllamaOptionKind.Float or OllamaOptionKind.Int && RangeError(property.Name, value.GetDouble(), context) is { } rangeError)
            {
                context.AddFailure(param, rangeError);
                return;
            }
        }
    }

    static string? TypeError(JsonElement value, OllamaOptionKind kind, string name) => kind switch
    {
        OllamaOptionKind.Float when value.ValueKind != JsonValueKind.Number => "expected a number.",
        // Go truncates a fraction; a value outside the integer range is nonsense for every integer option.
        OllamaOptionKind.Int when value.ValueKind != JsonValueKind.Number => "expected an integer.",
        OllamaOptionKind.Int when Math.Abs(value.GetDouble()) > (name == "seed" ? long.MaxValue : int.MaxValue) => "the integer is out of range.",
        OllamaOptionKind.Bool when value.ValueKind is not (JsonValueKind.True or JsonValueKind.False) => "expected true or false.",
        OllamaOptionKind.StringArray when value.ValueKind != JsonValueKind.Array
            || value.EnumerateArray().Any(s => s.ValueKind != JsonValueKind.String) => "expected an array of strings.",
        _ => null,
    };

    static string? RangeError<T>(string name, double value, ValidationContext<T> context)
    {
        if (double.IsNaN(value) || double.IsInfinity(value)) return "expected a finite number.";
        if (name == "num_predict")
        {
            var whole = Math.Truncate(value);
            if (whole is -1 or -2) return null;
            if (whole < 1) return $"expected -1 (no limit), -2 (fill the context) or a value >= 1, got {Format(value)}.";
            return RequestFacts.Of(context).ContextLength is { } window && whole > window
                ? $"expected a value <= {window} (the model's context length), got {Format(value)}."
                : null;
        }
        if (!Ranges.TryGetValue(name, out var range) || (value >= range.Min && value <= range.Max)) return null;
        return range.Max == int.MaxValue
            ? $"expected a value >= {Format(range.Min)}, got {Format(value)}."
            : $"expected a value between {Format(range.Min)} and {Format(range.Max)}, got {Format(value)}.";
    }

    static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
