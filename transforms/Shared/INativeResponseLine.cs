namespace ModelGateway.Transforms.Shared;

/// <summary>What every native streamed line has, whatever the endpoint: an error, or a timestamp.</summary>
internal interface INativeResponseLine
{
    string? CreatedAt { get; }
    string? Error { get; }
}
