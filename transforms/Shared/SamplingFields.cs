using System.Text.Json;
using ModelGateway.Transforms.Errors;

namespace ModelGateway.Transforms.Shared;

/// <summary>
/// Range checks for OpenAI's sampling fields (OpenAI's documented bounds) and their copy into native
/// options, only when set. Values Ollama would answer with a 500 never reach a worker.
/// </summary>
internal static class SamplingFields
{
    public static void Apply(NativeOptions options, double? temperature, double? topP, double? presencePenalty,
        double? frequencyPenalty, long? seed)
    {
        if (temperature is { } t)
            options.Set("temperature", InRange(t, 0, 2, "temperature"));
        if (topP is { } p)
            options.Set("top_p", InRange(p, 0, 1, "top_p"));
        if (seed is { } s)
            options.Set("seed", s);
        if (presencePenalty is { } pp)
            options.Set("presence_penalty", InRange(pp, -2, 2, "presence_penalty"));
        if (frequencyPenalty is { } fp)
            options.Set("frequency_penalty", InRange(fp, -2, 2, "frequency_penalty"));
    }

    /// <summary>A positive token limit that fits native <c>num_predict</c>; null when absent.</summary>
    public static int? MaxTokens(long? value, string param)
    {
        if (value is not { } v)
            return null;
        if (v < 1)
            throw RequestValidationException.Invalid($"Invalid '{param}': expected a value >= 1, but got {v} instead.", param);
        if (v > int.MaxValue)
            throw RequestValidationException.Invalid($"Invalid '{param}': expected a value <= {int.MaxValue}, but got {v} instead.", param);
        return (int)v;
    }

    /// <summary><c>stop</c>: a string becomes <c>[s]</c>, an array must hold only strings; an empty array means "not set".</summary>
    public static string[]? Stop(JsonElement? stop)
    {
        if (stop is not { } element || element.ValueKind == JsonValueKind.Null)
            return null;
        if (element.ValueKind == JsonValueKind.String)
            return [element.GetString()!];
        if (element.ValueKind != JsonValueKind.Array)
            throw RequestValidationException.Invalid("Invalid type for 'stop': expected a string or an array of strings.", "stop");
        if (element.GetArrayLength() == 0)
            return null;
        var result = new string[element.GetArrayLength()];
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
                throw RequestValidationException.Invalid($"Invalid type for 'stop[{i}]': expected a string.", "stop");
            result[i++] = item.GetString()!;
        }
        return result;
    }

    public static bool IncludeUsage(bool stream, bool? includeUsage) => stream && includeUsage == true;

    /// <summary><c>n</c>: one choice only (fan-out is not implemented).</summary>
    public static void SingleChoice(int? n)
    {
        if (n is not { } value || value == 1)
            return;
        if (value < 1)
            throw RequestValidationException.Invalid($"Invalid 'n': expected a value >= 1, but got {value} instead.", "n");
        throw RequestValidationException.Invalid("n > 1 is not supported: each request produces exactly one choice.", "n");
    }

    static double InRange(double value, double min, double max, string param)
    {
        if (value < min || value > max || double.IsNaN(value))
            throw RequestValidationException.Invalid(
                $"Invalid '{param}': expected a value between {min} and {max}, but got {value} instead.", param);
        return value;
    }
}
