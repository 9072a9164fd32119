using ModelGateway.Forwarding;
using ModelGateway.Routing;

namespace ModelGateway.Fallbacks;

/// <summary>
/// Builds a request's worker request again for a fallback model. Each surface supplies its own, since only it knows
/// how its body names the model: the passthroughs splice the fallback's worker-side name into the client's body, the
/// translated /v1 path writes the Ollama body again for the fallback cluster's workers.
/// </summary>
public interface IFallbackRequestBuilder
{
    /// <returns>
    /// The request for <paramref name="fallback"/>, or null when this request cannot go to that model (it breaks one of
    /// that model's rules, such as its context length, or uses a feature its workers lack).
    /// </returns>
    WorkerRequest? Build(WorkerRequest requested, ModelRoute fallback);
}
