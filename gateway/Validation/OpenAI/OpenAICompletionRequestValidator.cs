using FluentValidation;
using ModelGateway.Transforms.Completions;

namespace ModelGateway.Validation.OpenAI;

/// <summary>Gateway policy for a parsed legacy /v1/completions request: prompt size and the token limit.</summary>
internal sealed class OpenAICompletionRequestValidator : AbstractValidator<CompletionRequest>
{
    public OpenAICompletionRequestValidator(ValidationLimits limits)
    {
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(r => r.PromptCharacters)
            .Must(length => length <= limits.Current.MaxContentCharacters)
            .WithMessage((_, length) => $"string too long; prompt and suffix may hold at most {limits.Current.MaxContentCharacters} characters, got {length}.")
            .OverridePropertyName("prompt");

        RuleFor(r => r.MaxTokens).Custom((maxTokens, context) => TokenLimit.Check(maxTokens, "max_tokens", context));
    }
}
