using Microsoft.Extensions.Options;
using ModelGateway.Errors;
using ModelGateway.Forwarding;

namespace ModelGateway.Validation.Transport;

/// <summary>
/// Receives a JSON request body on either surface and turns every transport-level fault into a 4xx in the surface's
/// shape: an unsupported Content-Type (415), a body over <c>Gateway:MaxRequestBodyBytes</c> (413), a client that
/// stalls or trickles (408, from <c>Validation:BodyReadTimeout</c> or Kestrel's minimum data rate), a body cut short
/// or badly framed (400), an empty body, invalid UTF-8, and JSON nested or repeated beyond the limits (400).
/// </summary>
internal sealed partial class RequestBodyIntake
{
    readonly ValidationLimits _limits;
    readonly IOptionsMonitor<GatewayOptions> _gateway;
    readonly TimeProvider _time;
    readonly ILogger<RequestBodyIntake> _logger;

    public RequestBodyIntake(ValidationLimits limits, IOptionsMonitor<GatewayOptions> gateway, TimeProvider time, ILogger<RequestBodyIntake> logger)
    {
        _limits = limits;
        _gateway = gateway;
        _time = time;
        _logger = logger;
    }

    /// <summary>The body, or a <see cref="GatewayException"/>; <see cref="OperationCanceledException"/> when the client went away.</summary>
    public async Task<ReceivedBody> ReadAsync(HttpContext context)
    {
        var surface = context.GetApiSurface();
        if (ContentTypePolicy.Check(context.Request.ContentType, surface) is { } unsupported)
            throw Closing(StatusCodes.Status415UnsupportedMediaType, unsupported, "unsupported_media_type");

        var limits = _limits.Current;
        var maxBytes = _gateway.CurrentValue.MaxRequestBodyBytes;
        byte[]? bytes;
        try
        {
            // A body that has already arrived whole needs no deadline, so no timer or linked token is set up for it.
            if (!RequestBodyReader.TryReadBuffered(context.Request, maxBytes, out bytes))
                bytes = await ReadWithDeadlineAsync(context, surface, limits.BodyReadTimeout, maxBytes);
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's verdicts on the body: too slow (408, minimum data rate), cut short or badly chunked (400).
            Log.BodyRejectedByServer(_logger, context.Request.Path, ex.StatusCode, ex.Message);
            throw Closing(ex.StatusCode, ex.StatusCode == StatusCodes.Status408RequestTimeout
                ? "The request body arrived too slowly."
                : "The request body could not be read: " + ex.Message, ex.StatusCode == StatusCodes.Status408RequestTimeout ? "request_timeout" : null);
        }

        if (bytes is null)
        {
            throw Closing(StatusCodes.Status413PayloadTooLarge,
                surface == ApiSurface.OpenAI
                    ? $"Request body is larger than the gateway's limit of {maxBytes} bytes."
                    : $"request body larger than {maxBytes} bytes",
                "request_too_large");
        }
        if (bytes.Length == 0)
        {
            throw new GatewayException(StatusCodes.Status400BadRequest,
                surface == ApiSurface.OpenAI ? "The request body is empty; expected a JSON object." : "missing request body");
        }

        var report = JsonStructureScan.Scan(bytes, new JsonStructureLimits(limits.MaxJsonDepth, limits.MaxJsonArrayItems, UniqueTopLevelNames: surface == ApiSurface.Ollama));
        if (report.Problem is { } problem)
            throw new GatewayException(StatusCodes.Status400BadRequest, report.Path is null ? problem : $"Invalid '{report.Path}': {problem}", param: report.Path);
        return new ReceivedBody(bytes, new TopLevelFieldNames(bytes), report.Model);
    }

    /// <summary>Waits for the rest of the body, up to <c>Validation:BodyReadTimeout</c> (then 408).</summary>
    async Task<byte[]?> ReadWithDeadlineAsync(HttpContext context, ApiSurface surface, TimeSpan timeout, long maxBytes)
    {
        using var deadline = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, deadline.Token);
        try
        {
            return await RequestBodyReader.ReadAsync(context.Request, maxBytes, linked.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            Log.BodyTimedOut(_logger, context.Request.Path, timeout);
            throw Closing(StatusCodes.Status408RequestTimeout,
                surface == ApiSurface.OpenAI
                    ? $"The request body was not received within {timeout.TotalSeconds:0.###} seconds."
                    : $"request body not received within {timeout.TotalSeconds:0.###} seconds",
                "request_timeout");
        }
    }

    /// <summary>The body was not read to its end, so the connection cannot carry another request.</summary>
    static GatewayException Closing(int status, string message, string? code)
    {
        var error = new GatewayException(status, message, code: code);
        error.Headers["Connection"] = "close";
        return error;
    }

    static partial class Log
    {
        [LoggerMessage(EventId = 61, Level = LogLevel.Information, Message = "Request body for {Path} not received within {Timeout}; answered 408")]
        public static partial void BodyTimedOut(ILogger logger, PathString path, TimeSpan timeout);

        [LoggerMessage(EventId = 62, Level = LogLevel.Information, Message = "Request body for {Path} rejected by the server with {Status}: {Reason}")]
        public static partial void BodyRejectedByServer(ILogger logger, PathString path, int status, string reason);
    }
}
