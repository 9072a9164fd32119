using ModelGateway.Routing;

namespace ModelGateway.Forwarding;

/// <summary>A request the gateway sends to one worker of the model's cluster (and again to another on failover).</summary>
public sealed class WorkerRequest
{
    public required ModelRoute Route { get; init; }
    public required HttpMethod Method { get; init; }

    /// <summary>Path and query on the worker, e.g. <c>/api/chat</c>.</summary>
    public required string PathAndQuery { get; init; }

    /// <summary>The body, already translated or rewritten; sent again unchanged on failover.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    public string ContentType { get; init; } = "application/json";

    /// <summary>
    /// How this request is built again for one of the model's <c>Fallbacks</c>; null (the default) when it has none or
    /// is not one a fallback may answer. Surfaces set it only when <see cref="ModelRoute.Fallbacks"/> is not empty.
    /// </summary>
    public Fallbacks.IFallbackRequestBuilder? FallbackBuilder { get; set; }

    /// <summary>The same call for another model: its route, and the body naming it.</summary>
    public WorkerRequest For(ModelRoute route, ReadOnlyMemory<byte> body) => new()
    {
        Route = route,
        Method = Method,
        PathAndQuery = PathAndQuery,
        Body = body,
        ContentType = ContentType,
    };
}
