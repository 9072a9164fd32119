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
}
