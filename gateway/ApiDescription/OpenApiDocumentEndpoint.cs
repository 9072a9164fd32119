using Microsoft.Extensions.Options;
using ModelGateway.Errors;

namespace ModelGateway.ApiDescription;

/// <summary>
/// Serves the OpenAPI document from memory. Nothing is read until the first request for it, so an idle gateway holds
/// neither the file nor its parsed form; the switch is read per request of this endpoint only.
/// </summary>
internal sealed class OpenApiDocumentEndpoint
{
    readonly IOptionsMonitor<GatewayOptions> _options;
    byte[]? _document;

    public OpenApiDocumentEndpoint(IOptionsMonitor<GatewayOptions> options) => _options = options;

    public Task HandleAsync(HttpContext context)
    {
        if (!_options.CurrentValue.OpenApi.Enabled)
        {
            return ApiErrorResponder.WriteAsync(context, new GatewayException(StatusCodes.Status404NotFound,
                "The OpenAPI document is not published by this gateway (Gateway:OpenApi:Enabled is false)."));
        }
        // Two first requests at once may both build it; they build the same bytes, and one copy is kept.
        var document = _document ??= OpenApiDocumentSource.Load();
        var response = context.Response;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = document.Length;
        return response.Body.WriteAsync(document, context.RequestAborted).AsTask();
    }
}
