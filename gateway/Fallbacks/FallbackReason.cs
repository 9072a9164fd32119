using ModelGateway.Forwarding;

namespace ModelGateway.Fallbacks;

/// <summary>Why the requested model could not answer, as the fallback log line and the metric's <c>reason</c> label say it.</summary>
internal static class FallbackReason
{
    public static string Of(DispatchFailure failure) => failure switch
    {
        DispatchFailure.ClusterMissing => "cluster_missing",
        DispatchFailure.NoHealthyWorker => "no_healthy_worker",
        DispatchFailure.Busy => "busy",
        DispatchFailure.Unreachable => "unreachable",
        _ => "timeout",
    };

    /// <summary>The worker answers the dispatcher hands back when every worker gave one (see <see cref="IsFailedAnswer"/>).</summary>
    public static string Of(int status) => status == StatusCodes.Status404NotFound ? "model_missing" : "worker_error";

    /// <summary>
    /// 404 (the model is missing) and 500 (the worker failed) are what the dispatcher returns only after every worker
    /// it tried answered so; any other status is an answer worth relaying (a 400 is the client's own mistake).
    /// </summary>
    public static bool IsFailedAnswer(WorkerResponse response)
        => response.StatusCode is StatusCodes.Status404NotFound or StatusCodes.Status500InternalServerError;
}
