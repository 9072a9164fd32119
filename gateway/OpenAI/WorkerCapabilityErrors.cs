using ModelGateway.Errors;
using ModelGateway.Routing;
using ModelGateway.Transforms.Ollama;

namespace ModelGateway.OpenAI;

/// <summary>Requests the model's workers are too old to honour: a clear 400 naming the field, never a silent wrong answer.</summary>
internal static class WorkerCapabilityErrors
{
    static readonly Version LogprobsSince = new(0, 12, 11);

    public static void ThrowIfLogprobsUnsupported(bool requested, ModelRoute route, OllamaWorkerFeatures features)
    {
        if (requested && !features.SupportsLogprobs)
            throw new GatewayException(StatusCodes.Status400BadRequest,
                $"logprobs are not available for model `{route.RequestedName}`: its workers run Ollama {features.Version}, and logprobs need Ollama {LogprobsSince} or later.",
                param: "logprobs", code: "unsupported_parameter");
    }
}
