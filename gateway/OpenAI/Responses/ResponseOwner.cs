using ModelGateway.Authentication;

namespace ModelGateway.OpenAI.Responses;

/// <summary>
/// Who a stored response belongs to: the API key that created it, by name. Callers admitted without a key share
/// one owner (with no keys configured there is no one to tell apart).
/// </summary>
internal static class ResponseOwner
{
    public const string Anonymous = "anonymous";

    public static string Of(HttpContext context)
        => context.Features.Get<IApiKeyFeature>() is { IsAnonymous: false } caller ? "key:" + caller.Name : Anonymous;
}
