using FluentValidation;
using ModelGateway.Transforms.Chat;

namespace ModelGateway.Validation.OpenAI;

/// <summary>
/// Gateway policy for a parsed /v1/chat/completions request, on top of what the transforms parser already refuses:
/// sizes (messages, content, images, tools), tool-result order, tool definitions and the token limit against the
/// model's context length.
/// </summary>
internal sealed class OpenAIChatRequestValidator : AbstractValidator<ChatCompletionRequest>
{
    public OpenAIChatRequestValidator(ValidationLimits limits, ToolDefinitionValidator tool)
    {
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(r => r.MessageSummaries.Count)
            .Must(count => count <= limits.Current.MaxMessages)
            .WithMessage((_, count) => $"array too long; expected at most {limits.Current.MaxMessages} messages, got {count}.")
            .OverridePropertyName("messages");

        RuleForEach(r => r.MessageSummaries)
            .ChildRules(message => message.RuleFor(m => m.ContentLength)
                .Must(length => length <= limits.Current.MaxContentCharacters)
                .WithMessage((_, length) => $"string too long; expected at most {limits.Current.MaxContentCharacters} characters, got {length}.")
                .OverridePropertyName("content"))
            .OverridePropertyName("messages");

        RuleFor(r => r.MessageSummaries).Custom((messages, context) =>
        {
            var images = 0;
            for (var i = 0; i < messages.Count; i++)
            {
                images += messages[i].ImageCount;
                if (images > limits.Current.MaxImages)
                {
                    context.AddFailure($"messages[{i}].content", $"too many images; a request may carry at most {limits.Current.MaxImages}.");
                    return;
                }
            }
        });

        RuleFor(r => r.MessageSummaries).Custom(ToolResultOrder.Check);

        RuleFor(r => r.ToolDefinitions.Count)
            .Must(count => count <= limits.Current.MaxTools)
            .WithMessage((_, count) => $"array too long; expected at most {limits.Current.MaxTools} tools, got {count}.")
            .OverridePropertyName("tools");

        RuleForEach(r => r.ToolDefinitions).SetValidator(tool).OverridePropertyName("tools");

        RuleFor(r => r.ToolDefinitions).Custom(UniqueToolNames.Check);

        RuleFor(r => r.MaxTokens).Custom((maxTokens, context) =>
        {
            var param = RequestFacts.Of(context).TopLevelFields.Contains("max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
            TokenLimit.Check(maxTokens, param, context);
        });
    }
}
