namespace ModelGateway.Routing;

/// <summary>One element of the <c>Models</c> configuration array.</summary>
public sealed class ModelEntry
{
    /// <summary>The model's name on the workers.</summary>
    public string Name { get; set; } = "";

    /// <summary>The YARP cluster whose workers serve it.</summary>
    public string Cluster { get; set; } = "";

    /// <summary>Other names clients may use for it.</summary>
    public List<string> Aliases { get; set; } = new();

    /// <summary>Models tried in turn when this one cannot be served (configured names, aliases or discoverable models).</summary>
    public List<string> Fallbacks { get; set; } = new();
}
