using FluentValidation;

namespace ModelGateway.Validation.Ollama;

/// <summary>Gateway policy for a legacy native /api/embeddings body.</summary>
internal sealed class OllamaEmbeddingsBodyValidator : AbstractValidator<OllamaEmbeddingsBody>
{
    public OllamaEmbeddingsBodyValidator(ValidationLimits limits)
    {
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(b => b.Prompt).Custom((text, context) => OllamaFieldRules.Text(text, "prompt", limits.Current.MaxContentCharacters, context));
        RuleFor(b => b.Options).Custom(OllamaOptionsRule.Check);
        RuleFor(b => b.KeepAlive).Custom(OllamaFieldRules.KeepAlive);
    }
}
