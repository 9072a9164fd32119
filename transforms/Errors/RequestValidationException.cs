namespace ModelGateway.Transforms.Errors;

/// <summary>Thrown inside request parsing to unwind to the TryParse boundary; never escapes the library.</summary>
internal sealed class RequestValidationException(OpenAIError error) : Exception(error.Message)
{
    public OpenAIError Error { get; } = error;

    public static RequestValidationException Invalid(string message, string? param) =>
        new(OpenAIError.InvalidRequest(message, param));
}
