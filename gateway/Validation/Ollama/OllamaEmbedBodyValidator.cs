using System.Text.Json;
using FluentValidation;

namespace ModelGateway.Validation.Ollama;

/// <summary>
/// Gateway policy for a native /api/embed body: <c>input</c> is absent (load the model), a string, or an array of
/// strings within the count and size limits.
/// </summary>
internal sealed class OllamaEmbedBodyValidator : AbstractValidator<OllamaEmbedBody>
{
    public OllamaEmbedBodyValidator(ValidationLimits limits)
    {
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(b => b.Input).Custom((input, context) =>
        {
            if (input is not { } element || element.ValueKind == JsonValueKind.Null) return;
            var max = limits.Current.MaxContentCharacters;
            if (element.ValueKind == JsonValueKind.String)
            {
                OllamaFieldRules.Text(element.GetString(), "input", max, context);
                return;
            }
            if (element.ValueKind != JsonValueKind.Array)
            {
                context.AddFailure("input", "expected a string or an array of strings.");
                return;
            }
            var count = element.GetArrayLength();
            if (count > limits.Current.MaxEmbeddingInputs)
            {
                context.AddFailure("input", $"array too long; expected at most {limits.Current.MaxEmbeddingInputs} inputs, got {count}.");
                return;
            }
            var i = 0;
            foreach (var item in element.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    context.AddFailure($"input[{i}]", "expected a string (token arrays are not accepted).");
                    return;
                }
                OllamaFieldRules.Text(item.GetString(), $"input[{i}]", max, context);
                i++;
            }
        });

        RuleFor(b => b.Dimensions)
            .Must(d => d is null or >= 0)
            .WithMessage((_, d) => $"expected a positive number of dimensions, got {d}.")
            .OverridePropertyName("dimensions");

        RuleFor(b => b.Options).Custom(OllamaOptionsRule.Check);
        RuleFor(b => b.KeepAlive).Custom(OllamaFieldRules.KeepAlive);
    }
}
