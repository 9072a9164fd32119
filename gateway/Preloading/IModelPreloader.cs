namespace ModelGateway.Preloading;

/// <summary>
/// Keeps the models whose <c>Models</c> entry sets <c>KeepLoaded</c> loaded on that many healthy workers of their
/// cluster, in the background (see docs/configuration.md, "Keeping models loaded").
/// </summary>
public interface IModelPreloader
{
    /// <summary>Each kept model and how many workers hold it now, by the latest inventory.</summary>
    IReadOnlyList<KeptModelStatus> Status();

    /// <summary>Look at the fleet again soon: something the choice depends on changed.</summary>
    void RequestPass();
}
