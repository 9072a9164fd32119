using FluentValidation;
using FluentValidation.Results;
using ModelGateway.Errors;

namespace ModelGateway.Validation;

/// <summary>Runs a validator for one request and turns its first failure into a 400 naming the field.</summary>
internal static class RequestRejection
{
    /// <summary>Throws a <see cref="GatewayException"/> (400, <c>param</c> = JSON path) when <paramref name="request"/> breaks a rule.</summary>
    public static void ThrowIfInvalid<T>(IValidator<T> validator, T request, RequestFacts facts)
    {
        if (FirstFailure(validator, request, facts) is { } failure)
            throw ToException(failure);
    }

    public static ValidationFailure? FirstFailure<T>(IValidator<T> validator, T request, RequestFacts facts)
    {
        var context = new ValidationContext<T>(request);
        facts.AttachTo(context);
        var result = validator.Validate(context);
        return result.IsValid ? null : result.Errors[0];
    }

    public static GatewayException ToException(ValidationFailure failure)
    {
        var param = string.IsNullOrEmpty(failure.PropertyName) ? null : failure.PropertyName;
        var message = param is null ? failure.ErrorMessage : $"Invalid '{param}': {failure.ErrorMessage}";
        return new GatewayException(StatusCodes.Status400BadRequest, message, param: param);
    }
}
