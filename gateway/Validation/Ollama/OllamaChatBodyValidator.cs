using FluentValidation;

namespace ModelGateway.Validation.Ollama;

/// <summary>Gateway policy for a native /api/chat body.</summary>
internal sealed class OllamaChatBodyValidator : AbstractValidator<OllamaChatBody>
{
    public OllamaChatBodyValidator(ValidationLimits limits, OllamaMessageValidator message)
    {
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(b => b.Messages)
            .Must(messages => messages is null || messages.Count <= limits.Current.MaxMessages)
            .WithMessage((_, messages) => $"array too long; expected at most {limits.Current.MaxMessages} messages, got {messages!.Count}.")
            .OverridePropertyName("messages");

        RuleForEach(b => b.Messages)
            .NotNull().WithMessage("expected a message object.")
            .SetValidator(message!)
            .OverridePropertyName("messages");

        RuleFor(b => b.Messages).Custom((messages, context) =>
        {
            if (messages is null) return;
            var images = 0;
            for (var i = 0; i < messages.Count; i++)
            {
                images += messages[i]?.Images?.Count ?? 0;
                if (images > limits.Current.MaxImages)
                {
                    context.AddFailure($"messages[{i}].images", $"too many images; a request may carry at most {limits.Current.MaxImages}.");
                    return;
                }
            }
        });

        RuleFor(b => b.Tools)
            .Must(tools => tools is null || tools.Count <= limits.Current.MaxTools)
            .WithMessage((_, tools) => $"array too long; expected at most {limits.Current.MaxTools} tools, got {tools!.Count}.")
            .OverridePropertyName("tools");
        RuleForEach(b => b.Tools).SetValidator(new ToolDefinitionValidator(limits, checkNamePattern: false)).OverridePropertyName("tools");
        RuleFor(b => b.Tools).Custom((tools, context) => UniqueToolNames.Check(tools ?? [], context));

        RuleFor(b => b.Format).Custom(OllamaFieldRules.Format);
        RuleFor(b => b.Options).Custom(OllamaOptionsRule.Check);
        RuleFor(b => b.KeepAlive).Custom(OllamaFieldRules.KeepAlive);
        RuleFor(b => b.Think).Custom(OllamaFieldRules.Think);
    }
}
