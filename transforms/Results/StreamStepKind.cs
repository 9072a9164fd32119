namespace ModelGateway.Transforms.Results;

/// <summary>What the gateway should do after feeding one upstream line to a stream translator.</summary>
public enum StreamStepKind
{
    /// <summary>Keep reading upstream lines.</summary>
    Continue,
    /// <summary>The final chunk(s) and <c>data: [DONE]</c> were written; stop reading and end the response.</summary>
    Completed,
    /// <summary>The worker reported an error or broke the protocol; stop reading.</summary>
    UpstreamError,
}
