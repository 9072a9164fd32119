namespace ModelGateway.Routing;

/// <summary>Resolves the model a request names to the cluster and worker-side model that serve it.</summary>
public interface IModelRouter
{
    /// <summary>The route for the model, or null when no cluster serves it.</summary>
    ModelRoute? Resolve(string requestedName);

    /// <summary>Every name the gateway answers to: configured names, aliases and (with discovery) installed models.</summary>
    IReadOnlyList<ServedModel> ListServedModels();
}

/// <summary>A name clients can use, and the worker-side model behind it.</summary>
public sealed record ServedModel(string Name, string WorkerModel, string ClusterId, bool IsAlias);
