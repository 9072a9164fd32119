namespace ModelGateway.Diagnostics;

/// <summary>How a load sent to keep a model loaded (<c>Models:&lt;i&gt;:KeepLoaded</c>) ended.</summary>
public enum ModelLoadOutcome
{
    /// <summary>The worker did not have the model loaded and now has.</summary>
    Loaded,

    /// <summary>The worker had it loaded; its keep-alive was running out and starts again.</summary>
    Refreshed,

    Failed,
}
