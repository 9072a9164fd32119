namespace ModelGateway.Routing;

/// <summary>Where a request for a model goes: the cluster, and the model name the workers know it by.</summary>
/// <param name="RequestedName">The name as the client sent it (echoed back to the client).</param>
/// <param name="WorkerModel">The worker-side name (differs from the requested one for aliases).</param>
/// <param name="ClusterId">The YARP cluster serving it.</param>
/// <param name="IsConfigured">False when found only in a worker's inventory (discovery).</param>
public sealed record ModelRoute(string RequestedName, string WorkerModel, string ClusterId, bool IsConfigured)
{
    /// <summary>True when the body sent to the worker must carry a different model name than the client's.</summary>
    public bool RewritesModel => !string.Equals(RequestedName, WorkerModel, StringComparison.Ordinal);

    /// <summary>
    /// The model's configured <c>Fallbacks</c>, in order (empty for models without any, and for discovered ones). Carried
    /// by the route so a request without fallbacks pays one field read for the feature.
    /// </summary>
    public IReadOnlyList<string> Fallbacks { get; init; } = [];

    /// <summary>
    /// Set when the name is a virtual model: the route has no cluster (<see cref="ClusterId"/> is empty) and must be
    /// replaced by its chosen model's before anything is sent. Null for every other model, so they pay one field read.
    /// </summary>
    public VirtualModel? Virtual { get; init; }
}
