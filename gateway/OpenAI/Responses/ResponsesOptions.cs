using System.ComponentModel.DataAnnotations;

namespace ModelGateway.OpenAI.Responses;

/// <summary>Options of the <c>Responses</c> section (read at start-up; see docs/configuration.md).</summary>
public sealed class ResponsesOptions
{
    public const string SectionName = "Responses";

    /// <summary>How long a stored response (<c>store: true</c>, the default) can be retrieved and continued.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00", ErrorMessage = "Responses:StoreFor must be between 1 second and 30 days")]
    public TimeSpan StoreFor { get; set; } = TimeSpan.FromDays(1);
}
