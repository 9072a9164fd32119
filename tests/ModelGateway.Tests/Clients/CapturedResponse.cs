namespace ModelGateway.Tests.Clients;

/// <summary>One HTTP answer an official client received from the gateway, exactly as it came over the wire.</summary>
/// <param name="Path">The request path without the query, e.g. <c>/v1/chat/completions</c>.</param>
/// <param name="Body">The response body as read by the client (for a stream, every byte it consumed).</param>
public sealed record CapturedResponse(string Method, string Path, int Status, string? ContentType, string RequestBody, string Body)
{
    public bool IsEventStream => ContentType?.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase) == true;

    public override string ToString() => $"{Method} {Path} → {Status} ({ContentType})";
}
