using ModelGateway.Errors;
using ModelGateway.Fallbacks;
using ModelGateway.Forwarding;
using ModelGateway.Routing;
using ModelGateway.Validation;
using ModelGateway.Validation.Transport;

namespace ModelGateway.OpenAI;

/// <summary>
/// A /v1 request for a fallback model, once it has passed that model's own rules: for an OpenAI-speaking cluster the
/// client's body with the fallback's worker-side name; for Ollama workers the native body written again from the
/// parsed request for the fallback's route and the oldest Ollama version of its cluster (which may lack a feature
/// the request uses, such as logprobs: then this fallback cannot take it).
/// </summary>
internal sealed class OpenAIFallbackRequestBuilder<TRequest>(IOpenAIOperation<TRequest> operation, TRequest request, ReceivedBody received,
    OpenAIModelResolver resolver, RequestValidation validation) : IFallbackRequestBuilder where TRequest : class
{
    public WorkerRequest? Build(WorkerRequest requested, ModelRoute fallback)
    {
        try
        {
            validation.ThrowIfInvalid(request, received, fallback);
            if (!resolver.SpeaksOpenAI(fallback))
                return operation.Plan(request, fallback, resolver.FeaturesFor(fallback)).WorkerRequest;
        }
        catch (GatewayException)
        {
            return null;
        }
        return requested.For(fallback, OpenAIPassthroughRelay.WithModel(received.Bytes, fallback.WorkerModel));
    }
}
