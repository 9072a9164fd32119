namespace ModelGateway.Routing;

/// <summary>One element of the <c>Models</c> configuration array.</summary>
public sealed class ModelEntry
{
    /// <summary>The configuration key of the array (an array at the root: model names contain ':', keys cannot).</summary>
    public const string SectionName = "Models";

    /// <summary>The model's name on the workers.</summary>
    public string Name { get; set; } = "";

    /// <summary>The YARP cluster whose workers serve it.</summary>
    public string Cluster { get; set; } = "";

    /// <summary>
    /// Instead of <see cref="Cluster"/>: the entry is a virtual model, and each request for it goes to the model of the
    /// first rule whose conditions it meets.
    /// </summary>
    public List<VirtualRouteEntry> Routes { get; set; } = new();

    /// <summary>Other names clients may use for it.</summary>
    public List<string> Aliases { get; set; } = new();

    /// <summary>Models tried in turn when this one cannot be served (configured names, aliases or discoverable models).</summary>
    public List<string> Fallbacks { get; set; } = new();

    /// <summary>
    /// On how many workers the model is kept loaded; read and checked by Preloading (as text here, so that a bad value is
    /// reported by its validator naming the key instead of failing this binding).
    /// </summary>
    public string? KeepLoaded { get; set; }

    /// <summary>The keep_alive of the gateway's own loads; read and checked by Preloading.</summary>
    public string? KeepAlive { get; set; }
}
