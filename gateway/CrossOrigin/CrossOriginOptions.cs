namespace ModelGateway.CrossOrigin;

/// <summary>Which web pages may call the gateway from a browser (section <c>Cors</c>; docs/configuration.md).</summary>
public sealed class CrossOriginOptions
{
    public const string SectionName = "Cors";

    /// <summary>Origins such as <c>https://chat.example.com</c>, or <c>*</c> for any; empty (the default): none.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>How long a browser may reuse a preflight answer.</summary>
    public TimeSpan PreflightMaxAge { get; set; } = TimeSpan.FromMinutes(10);
}
