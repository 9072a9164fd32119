using FluentValidation;
using ModelGateway.Transforms.Embeddings;

namespace ModelGateway.Validation.OpenAI;

/// <summary>Gateway policy for a parsed /v1/embeddings request: how many inputs, and how long each may be.</summary>
internal sealed class OpenAIEmbeddingRequestValidator : AbstractValidator<EmbeddingRequest>
{
    public OpenAIEmbeddingRequestValidator(ValidationLimits limits)
    {
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(r => r.InputCount)
            .Must(count => count <= limits.Current.MaxEmbeddingInputs)
            .WithMessage((_, count) => $"array too long; expected at most {limits.Current.MaxEmbeddingInputs} inputs, got {count}.")
            .OverridePropertyName("input");

        RuleFor(r => r.Inputs).Custom((inputs, context) =>
        {
            var max = limits.Current.MaxContentCharacters;
            for (var i = 0; i < inputs.Count; i++)
            {
                if (inputs[i].Length > max)
                {
                    context.AddFailure("input", $"string too long; input {i} has {inputs[i].Length} characters, at most {max} are allowed.");
                    return;
                }
            }
        });
    }
}
