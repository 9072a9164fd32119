using System.ComponentModel.DataAnnotations;

namespace ModelGateway;

/// <summary>Options of the <c>Gateway</c> section: limits that apply to every surface.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Largest request body accepted (images make chat bodies large); larger ones get 413.</summary>
    [Range(1024, 1L << 31, ErrorMessage = "Gateway:MaxRequestBodyBytes must be between 1 KiB and 2 GiB")]
    public long MaxRequestBodyBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>
    /// Run socket completions and the request pipeline on the I/O threads instead of hopping to the thread pool
    /// (read at start-up only; see <see cref="Hosting.InlineIoCompletions"/> and docs/configuration.md).
    /// </summary>
    public bool InlineIoCompletions { get; set; } = true;

    /// <summary>After SIGTERM, how long requests in flight may run before they are ended (read at start-up only).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Gateway:ShutdownTimeout must be between 00:00:00 and 01:00:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The OpenAPI document at <c>/openapi.json</c> (<c>Gateway:OpenApi:Enabled</c>).</summary>
    public ApiDescription.OpenApiOptions OpenApi { get; set; } = new();
}
