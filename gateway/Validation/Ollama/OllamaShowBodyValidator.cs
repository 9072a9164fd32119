using FluentValidation;

namespace ModelGateway.Validation.Ollama;

/// <summary>Gateway policy for a native /api/show body (the typed fields are checked while reading).</summary>
internal sealed class OllamaShowBodyValidator : AbstractValidator<OllamaShowBody>
{
    public OllamaShowBodyValidator(ValidationLimits limits)
    {
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(b => b.System).Custom((text, context) => OllamaFieldRules.Text(text, "system", limits.Current.MaxContentCharacters, context));
        RuleFor(b => b.Options).Custom(OllamaOptionsRule.Check);
    }
}
