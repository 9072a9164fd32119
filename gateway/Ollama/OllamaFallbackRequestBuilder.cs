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
    /// <summary>
    /// Whether another model may answer this request: /api/show describes the model asked for, and a load or unload
    /// (no prompt, messages or input) is about that model too; sent to a fallback, an unload would evict the very model
    /// that is standing in for it.
    /// </summary>
    public static bool Serves(OllamaEndpoint endpoint, ReadOnlySpan<byte> body) => endpoint != OllamaEndpoint.Show && !OllamaLoadRequest.Is(endpoint, body);

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
