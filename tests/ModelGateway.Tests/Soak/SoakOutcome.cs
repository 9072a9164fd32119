namespace ModelGateway.Tests.Soak;

/// <summary>
/// How one soak request ended, as its client saw it. Everything except <see cref="Hung"/> and <see cref="Improper"/>
/// is a legitimate end; those two are the failures the soak exists to find.
/// </summary>
public static class SoakOutcome
{
    /// <summary>200 with a complete body (a stream's closing line or [DONE]).</summary>
    public const string Ok = "ok";

    /// <summary>200 served from the response cache (X-Cache: HIT).</summary>
    public const string Cached = "ok-cached";

    /// <summary>200 from one of the model's Fallbacks (X-ModelGateway-Model).</summary>
    public const string FellBack = "ok-fallback";

    /// <summary>A stream that began and ended with the surface's own error line or event (the worker failed mid-reply).</summary>
    public const string StreamError = "stream-error";

    /// <summary>A reply the gateway cut off by closing the connection after it began: its documented answer to a worker that broke mid-body.</summary>
    public const string Cut = "cut-by-gateway";

    /// <summary>The client went away after the first chunk (a user closing the tab mid-answer).</summary>
    public const string LeftMidStream = "client-left-mid-stream";

    /// <summary>The client went away before the answer began (mid-queue, or while the worker thought).</summary>
    public const string LeftEarly = "client-left-early";

    /// <summary>No end within the hang limit, which is longer than every gateway timeout put together.</summary>
    public const string Hung = "HUNG";

    /// <summary>An answer no client can work with: 200 with a truncated body, an error without the surface's error shape, a reset before any status.</summary>
    public const string Improper = "IMPROPER";

    /// <summary>An error status answered with a body in the surface's error shape.</summary>
    public static string Error(int status) => $"error-{status}";

    public static bool IsFailure(string outcome) => outcome is Hung or Improper;
}
