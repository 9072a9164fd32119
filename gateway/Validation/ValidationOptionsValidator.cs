using Microsoft.Extensions.Options;
using ModelGateway.Routing;

namespace ModelGateway.Validation;

/// <summary>Start-up (and reload) validation of <see cref="ValidationOptions"/>; each message names the key at fault.</summary>
internal sealed class ValidationOptionsValidator : IValidateOptions<ValidationOptions>
{
    const string S = ValidationOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, ValidationOptions options)
    {
        var failures = new List<string>();
        Range(options.MaxMessages, 1, 1_000_000, "MaxMessages", failures);
        Range(options.MaxContentCharacters, 1, int.MaxValue, "MaxContentCharacters", failures);
        Range(options.MaxTools, 0, 10_000, "MaxTools", failures);
        if (!ToolNamePatternIsValid(options.ToolNamePattern))
            failures.Add($"{S}:ToolNamePattern '{options.ToolNamePattern}' is not a valid regular expression.");
        Range(options.MaxImages, 0, 10_000, "MaxImages", failures);
        Range(options.MaxEmbeddingInputs, 1, 1_000_000, "MaxEmbeddingInputs", failures);
        // 128 is the depth the /api model finder reads to; deeper limits would never be reached.
        Range(options.MaxJsonDepth, 8, 128, "MaxJsonDepth", failures);
        Range(options.MaxJsonArrayItems, 16, int.MaxValue, "MaxJsonArrayItems", failures);
        if (options.BodyReadTimeout < TimeSpan.FromMilliseconds(100) || options.BodyReadTimeout > TimeSpan.FromHours(1))
            failures.Add($"{S}:BodyReadTimeout must be between 00:00:00.1 and 01:00:00.");
        Range(options.DefaultContextLength, 0, int.MaxValue, "DefaultContextLength", failures);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.ContextLengths.Count; i++)
        {
            var entry = options.ContextLengths[i];
            if (!ModelName.IsValid(entry.Model))
                failures.Add($"{S}:ContextLengths:{i}:Model '{entry.Model}' is not a valid model name.");
            else if (!seen.Add(ModelName.Normalize(entry.Model!)))
                failures.Add($"{S}:ContextLengths:{i}:Model '{entry.Model}' is listed twice.");
            if (entry.Tokens < 1)
                failures.Add($"{S}:ContextLengths:{i}:Tokens must be a positive number of tokens.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    static bool ToolNamePatternIsValid(string? pattern)
    {
        if (string.IsNullOrEmpty(pattern)) return false;
        try
        {
            _ = new System.Text.RegularExpressions.Regex(pattern);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    static void Range(int value, int min, int max, string key, List<string> failures)
    {
        if (value < min || value > max)
            failures.Add($"{S}:{key} must be between {min} and {max}.");
    }
}
