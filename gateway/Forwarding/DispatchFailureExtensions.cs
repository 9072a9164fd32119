namespace ModelGateway.Forwarding;

public static class DispatchFailureExtensions
{
    /// <summary>The HTTP status a dispatch failure is answered with on every surface.</summary>
    public static int ToStatusCode(this DispatchFailure failure) => failure switch
    {
        DispatchFailure.Unreachable => StatusCodes.Status502BadGateway,
        DispatchFailure.Timeout => StatusCodes.Status504GatewayTimeout,
        _ => StatusCodes.Status503ServiceUnavailable,
    };
}
