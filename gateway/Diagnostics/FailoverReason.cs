namespace ModelGateway.Diagnostics;

/// <summary>Why a worker attempt failed and the dispatcher moved on to another worker (or gave up).</summary>
public enum FailoverReason
{
    /// <summary>Connection refused, reset or not resolvable.</summary>
    Unreachable,

    /// <summary>No response headers within Dispatch:ResponseHeadersTimeout.</summary>
    Timeout,

    /// <summary>The worker answered 502, 503 or 504 (Ollama's "server busy").</summary>
    Busy,

    /// <summary>The worker answered 404: the inventory said it had the model, but it does not.</summary>
    ModelMissing,

    /// <summary>The worker answered 500: it failed (Ollama's runner crashed or ran out of memory).</summary>
    WorkerError,
}
