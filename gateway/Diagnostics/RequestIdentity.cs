using ModelGateway.Authentication;

namespace ModelGateway.Diagnostics;

/// <summary>The name of the API key that authenticated a request (<c>anonymous</c> for anonymous callers), for labels and logs.</summary>
public static class RequestIdentity
{
    /// <summary>Key names longer than this are cut, so a long configured name cannot flood labels or logs.</summary>
    const int MaxLength = 128;

    public static string? KeyNameOf(HttpContext context)
    {
        var name = context.Features.Get<IApiKeyFeature>()?.Name;
        if (string.IsNullOrEmpty(name)) return null;
        return name.Length > MaxLength ? name[..MaxLength] : name;
    }
}
