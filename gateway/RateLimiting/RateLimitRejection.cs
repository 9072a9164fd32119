using System.Globalization;
using ModelGateway.Errors;

namespace ModelGateway.RateLimiting;

/// <summary>The answers of an exhausted budget (429) and of a store that cannot answer while failing closed (503).</summary>
internal static class RateLimitRejection
{
    /// <summary>
    /// The longest wait a refusal advertises. The in-memory budget counts in whole seconds, so a request can stay
    /// counted up to a second past the minute; but the OpenAI SDKs ignore a Retry-After of a minute or more and fall
    /// back to backoffs of a few seconds, spending their retries on more 429s. A client that retries a moment early
    /// gets one more refusal with a wait under a second.
    /// </summary>
    static readonly TimeSpan LongestAdvertisedWait = RateLimitOptions.Window - TimeSpan.FromMilliseconds(1);

    public static GatewayException TooMany(string who, RateLimitKind kind, RateLimitDecision decision, long requested)
    {
        if (decision.RetryAfter > LongestAdvertisedWait) decision = decision with { RetryAfter = LongestAdvertisedWait };
        var per = kind == RateLimitKind.Requests ? "requests per min (RPM)" : "tokens per min (TPM)";
        var used = Math.Max(0, decision.Limit - decision.Remaining);
        var error = new GatewayException(StatusCodes.Status429TooManyRequests,
            $"Rate limit reached for {who} on {per}: Limit {decision.Limit}, Used {used}, Requested {requested}. " +
            $"Please try again in {RateLimitHeaders.FormatDuration(decision.RetryAfter)}.",
            kind.Word(), code: "rate_limit_exceeded", retryAfter: decision.RetryAfter);
        // The SDKs honour this more precise, non-standard header before Retry-After.
        error.Headers["retry-after-ms"] = Math.Max(1, (long)Math.Ceiling(decision.RetryAfter.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
        return error;
    }

    public static GatewayException Unavailable() => new(StatusCodes.Status503ServiceUnavailable,
        "Rate limits cannot be checked right now (their shared store is not answering) and the gateway is configured " +
        "to refuse requests meanwhile; please retry shortly.",
        "server_error", code: "rate_limit_unavailable", retryAfter: TimeSpan.FromSeconds(1));
}
