using ModelGateway.Errors;

namespace ModelGateway.Authentication;

/// <summary>The 401/403 answers, worded like OpenAI's; none of them repeats anything of the key that was sent.</summary>
internal static class AccessErrors
{
    public static GatewayException MissingKey() => Unauthorized(
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth " +
        "(i.e. Authorization: Bearer YOUR_KEY), or in an X-API-Key header. Ask the gateway's operator for a key.", code: null);

    public static GatewayException UnknownKey() => Unauthorized(
        "Incorrect API key provided. Ask the gateway's operator for a valid key.", "invalid_api_key");

    public static GatewayException ExpiredKey() => Unauthorized(
        "The API key provided has expired. Ask the gateway's operator for a new key.", "invalid_api_key");

    public static GatewayException ModelForbidden(IApiKeyFeature caller, string model) => new(
        StatusCodes.Status403Forbidden, $"{Capitalized(Who(caller))} is not allowed to use model '{model}'.",
        "invalid_request_error", param: "model", code: "model_not_allowed");

    public static GatewayException ManagementForbidden(IApiKeyFeature? caller, string path) => new(
        StatusCodes.Status403Forbidden,
        $"{path} is a model-management endpoint: it needs an API key with Admin rights" + (caller is null ? "" : $", and {Who(caller)} has none") + ".",
        "invalid_request_error", code: "permission_denied");

    static string Who(IApiKeyFeature caller) => caller.IsAnonymous ? "an anonymous caller" : $"the API key '{caller.Name}'";

    static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    static GatewayException Unauthorized(string message, string? code)
    {
        var error = new GatewayException(StatusCodes.Status401Unauthorized, message, "invalid_request_error", code: code);
        error.Headers["WWW-Authenticate"] = "Bearer";
        return error;
    }
}
