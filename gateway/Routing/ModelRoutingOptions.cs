namespace ModelGateway.Routing;

/// <summary>Options of the <c>ModelRouting</c> section.</summary>
public sealed class ModelRoutingOptions
{
    public const string SectionName = "ModelRouting";

    /// <summary>Route models that no <c>Models</c> entry names to a cluster whose workers report them installed.</summary>
    public bool DiscoverFromWorkers { get; set; } = true;
}
