namespace ModelGateway.Forwarding;

/// <summary>Sends a request to the best worker of the model's cluster, failing over to others before the first byte.</summary>
public interface IWorkerDispatcher
{
    /// <summary>
    /// The first worker answer that is worth relaying (any status but a retryable one).
    /// Throws <see cref="WorkerDispatchException"/> when no worker could answer.
    /// </summary>
    Task<WorkerResponse> SendAsync(HttpContext context, WorkerRequest request);
}
