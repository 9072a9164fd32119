namespace ModelGateway.Transforms.Results;

/// <summary>
/// Result of one stream-translator call. <see cref="OutputStarted"/> tells whether any SSE bytes have been
/// written so far: an <see cref="StreamStepKind.UpstreamError"/> with <c>OutputStarted == false</c> wrote
/// nothing, so the gateway can still answer a plain HTTP error or fail over to another worker.
/// </summary>
public readonly record struct StreamStep(StreamStepKind Kind, bool OutputStarted, string? ErrorMessage = null)
{
    public bool IsTerminal => Kind != StreamStepKind.Continue;
}
