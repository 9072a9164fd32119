using ModelGateway.Errors;

namespace ModelGateway.OpenAI.Responses;

/// <summary>
/// GET and DELETE /v1/responses/{id}: a stored response, for the API key that created it. Any other caller, like an
/// unknown or expired id, gets OpenAI's 404.
/// </summary>
internal sealed class ResponsesEndpoint
{
    readonly ResponseStore _store;

    public ResponsesEndpoint(ResponseStore store) => _store = store;

    public async Task GetAsync(HttpContext context, string id)
    {
        try
        {
            // Replaying a stored response as events is not kept: it is returned whole.
            if (context.Request.Query.TryGetValue("stream", out var stream) && string.Equals(stream, "true", StringComparison.OrdinalIgnoreCase))
                throw new GatewayException(StatusCodes.Status400BadRequest, "Streaming a stored response again is not supported; retrieve it without 'stream'.", param: "stream");
            var stored = await _store.FindAsync(id, ResponseOwner.Of(context), context.RequestAborted) ?? throw NotFound(id);
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = stored.Response.Length;
            await context.Response.Body.WriteAsync(stored.Response, context.RequestAborted);
        }
        catch (GatewayException ex)
        {
            await ApiErrorResponder.WriteAsync(context, ex);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    public async Task DeleteAsync(HttpContext context, string id)
    {
        try
        {
            if (!await _store.DeleteAsync(id, ResponseOwner.Of(context), context.RequestAborted)) throw NotFound(id);
            await context.Response.WriteAsJsonAsync(new ResponseDeleted(id), ResponsesJsonContext.Default.ResponseDeleted, cancellationToken: context.RequestAborted);
        }
        catch (GatewayException ex)
        {
            await ApiErrorResponder.WriteAsync(context, ex);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    static GatewayException NotFound(string id) => new(StatusCodes.Status404NotFound, $"Response with id '{id}' not found.");
}
