namespace ModelGateway.Authentication;

/// <summary>Options of the <c>Authentication</c> section: who may call the gateway. Documented in docs/security.md.</summary>
public sealed class ApiKeyOptions
{
    public const string SectionName = "Authentication";

    public List<ApiKeyEntry> ApiKeys { get; set; } = new();

    public AnonymousAccessOptions Anonymous { get; set; } = new();

    /// <summary>Addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed (nginx in front).</summary>
    public List<string> TrustedProxies { get; set; } = new();
}
