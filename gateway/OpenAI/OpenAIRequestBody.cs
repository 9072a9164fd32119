using Microsoft.Extensions.Options;
using ModelGateway.Errors;
using ModelGateway.Forwarding;

namespace ModelGateway.OpenAI;

/// <summary>Reads a /v1 request body within the configured limit, with OpenAI-shaped errors.</summary>
internal sealed class OpenAIRequestBody(IOptionsMonitor<GatewayOptions> options)
{
    public async Task<byte[]> ReadAsync(HttpContext context)
    {
        var limit = options.CurrentValue.MaxRequestBodyBytes;
        var body = await RequestBodyReader.ReadAsync(context.Request, limit, context.RequestAborted)
            ?? throw new GatewayException(StatusCodes.Status413PayloadTooLarge, $"Request body is larger than the gateway's limit of {limit} bytes.", code: "request_too_large");
        if (body.Length == 0)
            throw new GatewayException(StatusCodes.Status400BadRequest, "The request body is empty; expected a JSON object.");
        return body;
    }
}
