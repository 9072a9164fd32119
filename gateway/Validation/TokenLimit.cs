using FluentValidation;

namespace ModelGateway.Validation;

/// <summary>A token limit must be positive and fit in the routed model's context length when that is known.</summary>
internal static class TokenLimit
{
    public static void Check<T>(long? tokens, string param, ValidationContext<T> context)
    {
        if (tokens is not { } value) return;
        if (value < 1)
        {
            context.AddFailure(param, $"expected a value >= 1, got {value}.");
            return;
        }
        if (RequestFacts.Of(context).ContextLength is { } window && value > window)
            context.AddFailure(param, $"expected a value <= {window} (the model's context length), got {value}.");
    }
}
