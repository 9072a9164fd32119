using System.Text.Json;
using FluentValidation;

namespace ModelGateway.Validation.Ollama;

/// <summary>
/// One native chat message: a role, text within the size limit, base64 images, and tool
/// calls only on assistant messages, each naming its function with an arguments object.
/// </summary>
internal sealed class OllamaMessageValidator : AbstractValidator<OllamaMessageBody>
{
    public OllamaMessageValidator(ValidationLimits limits)
    {
        ClassLevelCascadeMode = CascadeMode.Stop;
        RuleLevelCascadeMode = CascadeMode.Stop;

        // Any role name passes: Ollama hands roles it does not know (ipython, ...) to the model's template.
        RuleFor(m => m.Role)
            .NotEmpty().WithMessage("a message needs a role.")
            .OverridePropertyName("role");

        RuleFor(m => m.Content).Custom((text, context) => OllamaFieldRules.Text(text, "content", limits.Current.MaxContentCharacters, context));
        RuleFor(m => m.Thinking).Custom((text, context) => OllamaFieldRules.Text(text, "thinking", limits.Current.MaxContentCharacters, context));
        RuleFor(m => m.Images).Custom((images, context) => OllamaFieldRules.Images(images, "images", context));

        RuleFor(m => m.ToolCalls)
            .Must((message, calls) => calls is not { Count: > 0 } || string.Equals(message.Role, "assistant", StringComparison.OrdinalIgnoreCase))
            .WithMessage("only assistant messages may carry tool calls.")
            .OverridePropertyName("tool_calls");

        RuleFor(m => m.ToolCalls).Custom((calls, context) =>
        {
            if (calls is null) return;
            for (var j = 0; j < calls.Count; j++)
            {
                var path = $"tool_calls[{j}]";
                if (calls[j]?.Function is not { } function)
                {
                    context.AddFailure(path + ".function", "expected the called function's name and arguments.");
                    return;
                }
                if (string.IsNullOrEmpty(function.Name))
                {
                    context.AddFailure(path + ".function.name", "expected the called function's name.");
                    return;
                }
                if (function.Arguments is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) })
                {
                    context.AddFailure(path + ".function.arguments", "expected an object of arguments.");
                    return;
                }
            }
        });
    }
}
