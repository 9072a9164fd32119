namespace ModelGateway.Diagnostics;

/// <summary>
/// Reads the name of the API key that authenticated a request, from either contract the authentication middleware
/// may use: an <see cref="IRequestIdentityFeature"/> feature, or a string in <c>HttpContext.Items["ModelGateway.KeyName"]</c>.
/// </summary>
public static class RequestIdentity
{
    public const string KeyNameItem = "ModelGateway.KeyName";

    /// <summary>Key names longer than this are cut, so a misbehaving writer cannot flood labels or logs.</summary>
    const int MaxLength = 128;

    public static string? KeyNameOf(HttpContext context)
    {
        var name = context.Features.Get<IRequestIdentityFeature>()?.KeyName
                   ?? (context.Items.TryGetValue(KeyNameItem, out var item) ? item as string : null);
        if (string.IsNullOrEmpty(name)) return null;
        return name.Length > MaxLength ? name[..MaxLength] : name;
    }
}
