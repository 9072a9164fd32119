namespace ModelGateway.WorkerConnections;

/// <summary>Which HTTP client sends requests to workers (the <c>Gateway:WorkerClient</c> key, read at start-up).</summary>
public sealed class WorkerClientOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Our own HTTP/1.1 client for <c>http://</c> workers; https, proxies and header encodings use YARP's.</summary>
    public const string Builtin = "Builtin";

    /// <summary>YARP's default client (SocketsHttpHandler) for every worker.</summary>
    public const string SocketsHttpHandler = "SocketsHttpHandler";

    public string WorkerClient { get; set; } = Builtin;

    public bool UsesBuiltin => string.Equals(WorkerClient, Builtin, StringComparison.OrdinalIgnoreCase);
}
