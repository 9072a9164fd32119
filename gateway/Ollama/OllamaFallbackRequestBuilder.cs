using ModelGateway.Errors;
using ModelGateway.Fallbacks;
using ModelGateway.Forwarding;
using ModelGateway.Routing;
using ModelGateway.Validation;
using ModelGateway.Validation.Transport;

namespace ModelGateway.Ollama;

/// <summary>
/// An /api request for a fallback model: the client's body with the fallback's worker-side name spliced in, once the
/// body has passed the fallback's own rules (its context length may be shorter).
/// </summary>
internal sealed class OllamaFallbackRequestBuilder(OllamaEndpoint endpoint, ReceivedBody received, ModelField field, RequestValidation validation)
    : IFallbackRequestBuilder
{
    /// <summary>The endpoints another model may answer; /api/show describes the model asked for, so it never falls back.</summary>
    public static bool Serves(OllamaEndpoint endpoint) => endpoint != OllamaEndpoint.Show;

    public WorkerRequest? Build(WorkerRequest requested, ModelRoute fallback)
    {
        try
        {
            validation.ThrowIfInvalid(endpoint, received, fallback);
        }
        catch (GatewayException)
        {
            return null;
        }
        return requested.For(fallback, field.Replace(received.Bytes, fallback.WorkerModel));
    }
}
