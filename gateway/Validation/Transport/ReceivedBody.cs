namespace ModelGateway.Validation.Transport;

/// <summary>A request body that arrived whole, within the limits, as well-formed UTF-8 within the structural bounds.</summary>
internal sealed record ReceivedBody(byte[] Bytes, IReadOnlySet<string> TopLevelFields);
