using System.ComponentModel.DataAnnotations;

namespace ModelGateway.Inventory;

/// <summary>Options of the <c>Inventory</c> section: how often workers are asked what they have.</summary>
public sealed class InventoryOptions
{
    public const string SectionName = "Inventory";

    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00", ErrorMessage = "Inventory:PollInterval must be between 100 ms and 1 hour")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00", ErrorMessage = "Inventory:RequestTimeout must be between 50 ms and 5 minutes")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(3);
}
