using FluentValidation.Results;

namespace ModelGateway.Tests.Validation;

/// <summary>Assertions on the first failure a validator reported.</summary>
internal static class Expect
{
    public static void Passes(ValidationFailure? failure)
        => Assert.That(failure, Is.Null, () => $"expected no failure, got '{failure!.PropertyName}': {failure.ErrorMessage}");

    public static void Fails(ValidationFailure? failure, string param, string messagePart)
    {
        Assert.That(failure, Is.Not.Null, $"expected a failure at '{param}'");
        Assert.That(failure!.PropertyName, Is.EqualTo(param), () => $"message was: {failure.ErrorMessage}");
        Assert.That(failure.ErrorMessage, Does.Contain(messagePart));
    }
}
