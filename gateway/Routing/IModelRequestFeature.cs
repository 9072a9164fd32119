namespace ModelGateway.Routing;

/// <summary>The resolved model of the current request, for the load-balancing policy to read.</summary>
public interface IModelRequestFeature
{
    ModelRoute Route { get; }

    /// <summary>Normalised worker-side model name (inventory key).</summary>
    string NormalizedWorkerModel { get; }
}

internal sealed class ModelRequestFeature(ModelRoute route) : IModelRequestFeature
{
    public ModelRoute Route { get; } = route;
    public string NormalizedWorkerModel { get; } = ModelName.Normalize(route.WorkerModel);
}
