using System.Text.Json;
using System.Text.RegularExpressions;
using ModelGateway.Transforms.Errors;

namespace ModelGateway.Transforms.Shared;

/// <summary>
/// Ollama-specific fields a client may add to an OpenAI body (<c>options</c>, <c>keep_alive</c>). Known
/// option keys are type-checked because Ollama answers a wrongly typed option with a 500; unknown keys
/// pass through (Ollama ignores them).
/// </summary>
internal static partial class OllamaExtensionFields
{
    enum OptionKind { Float, Int, Bool, StringArray }

    static readonly Dictionary<string, OptionKind> KnownOptions = new(StringComparer.Ordinal)
    {
        ["temperature"] = OptionKind.Float, ["top_p"] = OptionKind.Float, ["min_p"] = OptionKind.Float,
        ["typical_p"] = OptionKind.Float, ["repeat_penalty"] = OptionKind.Float, ["presence_penalty"] = OptionKind.Float,
        ["frequency_penalty"] = OptionKind.Float, ["tfs_z"] = OptionKind.Float, ["mirostat_tau"] = OptionKind.Float,
        ["mirostat_eta"] = OptionKind.Float,
        ["top_k"] = OptionKind.Int, ["seed"] = OptionKind.Int, ["num_predict"] = OptionKind.Int,
        ["repeat_last_n"] = OptionKind.Int, ["num_keep"] = OptionKind.Int, ["num_ctx"] = OptionKind.Int,
        ["num_batch"] = OptionKind.Int, ["num_gpu"] = OptionKind.Int, ["main_gpu"] = OptionKind.Int,
        ["num_thread"] = OptionKind.Int, ["draft_num_predict"] = OptionKind.Int, ["mirostat"] = OptionKind.Int,
        ["use_mmap"] = OptionKind.Bool, ["numa"] = OptionKind.Bool, ["low_vram"] = OptionKind.Bool,
        ["f16_kv"] = OptionKind.Bool, ["logits_all"] = OptionKind.Bool, ["vocab_only"] = OptionKind.Bool,
        ["use_mlock"] = OptionKind.Bool, ["embedding_only"] = OptionKind.Bool, ["penalize_newline"] = OptionKind.Bool,
        ["stop"] = OptionKind.StringArray,
    };

    /// <summary>Copies the extension <c>options</c> object into <paramref name="options"/>.</summary>
    public static void MergeOptions(JsonElement? extension, NativeOptions options)
    {
        if (extension is not { } element || element.ValueKind == JsonValueKind.Null)
            return;
        if (element.ValueKind != JsonValueKind.Object)
            throw RequestValidationException.Invalid("Invalid type for 'options': expected an object of Ollama options.", "options");
        foreach (var property in element.EnumerateObject())
        {
            if (KnownOptions.TryGetValue(property.Name, out var kind) && !HasKind(property.Value, kind))
                throw RequestValidationException.Invalid(
                    $"Invalid type for 'options.{property.Name}': expected {Describe(kind)}.", "options." + property.Name);
            options.Set(property.Name, property.Value.Clone());
        }
    }

    /// <summary><c>keep_alive</c>: seconds as a number, or a Go duration string such as "5m" or "1h30m".</summary>
    public static JsonElement? KeepAlive(JsonElement? keepAlive)
    {
        if (keepAlive is not { } element || element.ValueKind == JsonValueKind.Null)
            return null;
        if (element.ValueKind == JsonValueKind.Number
            || element.ValueKind == JsonValueKind.String && GoDuration().IsMatch(element.GetString()!))
            return element.Clone();
        throw RequestValidationException.Invalid(
            "Invalid value for 'keep_alive': expected a number of seconds or a duration such as \"5m\".", "keep_alive");
    }

    static bool HasKind(JsonElement value, OptionKind kind) => kind switch
    {
        OptionKind.Float or OptionKind.Int => value.ValueKind == JsonValueKind.Number,
        OptionKind.Bool => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        _ => value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String),
    };

    static string Describe(OptionKind kind) => kind switch
    {
        OptionKind.Float => "a number",
        OptionKind.Int => "an integer",
        OptionKind.Bool => "a boolean",
        _ => "an array of strings",
    };

    [GeneratedRegex(@"^(0|[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$")]
    private static partial Regex GoDuration();
}
