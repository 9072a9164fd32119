using FluentValidation;

namespace ModelGateway.Validation.Ollama;

/// <summary>Gateway policy for a native /api/generate body.</summary>
internal sealed class OllamaGenerateBodyValidator : AbstractValidator<OllamaGenerateBody>
{
    public OllamaGenerateBodyValidator(ValidationLimits limits)
    {
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(b => b.Prompt).Custom((text, context) => OllamaFieldRules.Text(text, "prompt", limits.Current.MaxContentCharacters, context));
        RuleFor(b => b.Suffix).Custom((text, context) => OllamaFieldRules.Text(text, "suffix", limits.Current.MaxContentCharacters, context));
        RuleFor(b => b.System).Custom((text, context) => OllamaFieldRules.Text(text, "system", limits.Current.MaxContentCharacters, context));
        RuleFor(b => b.Template).Custom((text, context) => OllamaFieldRules.Text(text, "template", limits.Current.MaxContentCharacters, context));

        RuleFor(b => b.Images)
            .Must(images => images is null || images.Count <= limits.Current.MaxImages)
            .WithMessage((_, images) => $"too many images; a request may carry at most {limits.Current.MaxImages}, got {images!.Count}.")
            .OverridePropertyName("images");
        RuleFor(b => b.Images).Custom((images, context) => OllamaFieldRules.Images(images, "images", context));

        RuleFor(b => b.Format).Custom(OllamaFieldRules.Format);
        RuleFor(b => b.Options).Custom(OllamaOptionsRule.Check);
        RuleFor(b => b.KeepAlive).Custom(OllamaFieldRules.KeepAlive);
        RuleFor(b => b.Think).Custom(OllamaFieldRules.Think);
    }
}
