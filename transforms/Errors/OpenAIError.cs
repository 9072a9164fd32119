namespace ModelGateway.Transforms.Errors;

/// <summary>
/// An error in OpenAI's shape: the HTTP status to answer with and the four fields of
/// <c>{"error":{"message","type","param","code"}}</c>.
/// </summary>
public sealed record OpenAIError(int Status, string Message, string Type, string? Param = null, string? Code = null)
{
    public const string InvalidRequestType = "invalid_request_error";
    public const string ServerErrorType = "server_error";

    /// <summary>400 invalid_request_error; <paramref name="param"/> is the JSON path of the offending field.</summary>
    public static OpenAIError InvalidRequest(string message, string? param = null, string? code = null) =>
        new(400, message, InvalidRequestType, param, code);

    /// <summary>404 model_not_found with OpenAI's wording, naming the model the client asked for.</summary>
    public static OpenAIError ModelNotFound(string model) =>
        new(404, $"The model `{model}` does not exist or you do not have access to it.", InvalidRequestType, "model", "model_not_found");

    /// <summary>503 server_busy: every worker that could serve the model refused for load.</summary>
    public static OpenAIError ServerBusy(string model) =>
        new(503, $"All workers serving {model} are busy; retry later.", ServerErrorType, null, "server_busy");

    /// <summary>502 server_error: the worker failed in a way that is not the client's fault.</summary>
    public static OpenAIError BadGateway(string message) => new(502, message, ServerErrorType);
}
