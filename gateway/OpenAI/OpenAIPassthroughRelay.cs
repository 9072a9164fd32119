using Microsoft.Extensions.Options;
using ModelGateway.Errors;
using ModelGateway.Fallbacks;
using ModelGateway.Forwarding;
using ModelGateway.Routing;

namespace ModelGateway.OpenAI;

/// <summary>
/// For clusters whose workers already speak OpenAI (vLLM, llama.cpp server, LM Studio): the body goes through with
/// only an alias rewritten, and the answer (JSON or SSE) is relayed unchanged, behind the same routing and limits.
/// </summary>
internal sealed class OpenAIPassthroughRelay
{
    readonly IWorkerDispatcher _dispatcher;
    readonly Func<HttpContext, WorkerResponse, bool, Task> _onBroken;

    public OpenAIPassthroughRelay(IWorkerDispatcher dispatcher, IOptionsMonitor<DispatchOptions> options)
    {
        _dispatcher = dispatcher;
        // A broken SSE stream cannot be repaired by a proxy that does not parse it: make the client see the failure.
        // Before any byte was sent the client can still get a status, as from the translated path.
        _onBroken = async (context, broken, _) =>
        {
            if (context.Response.HasStarted)
            {
                context.Abort();
                return;
            }
            await ApiErrorResponder.WriteAsync(context, broken.BrokenBeforeOutput("the worker's reply was interrupted",
                TimeSpan.FromSeconds(options.CurrentValue.RetryAfterSeconds)));
        };
    }

    /// <param name="fallbacks">How the request is built for the model's fallbacks; null when it has none.</param>
    public async Task RelayAsync(HttpContext context, ModelRoute route, string path, byte[] body, IFallbackRequestBuilder? fallbacks = null)
    {
        if (route.RewritesModel) body = WithModel(body, route.WorkerModel);
        var request = new WorkerRequest { Route = route, Method = HttpMethod.Post, PathAndQuery = path, Body = body, FallbackBuilder = fallbacks };
        var response = await _dispatcher.SendAsync(context, request);
        await using (response)
        {
            ResponseRelay.CopyHeaders(context, response);
            await ResponseRelay.CopyBodyAsync(context, response, _onBroken);
        }
    }

    /// <summary>The client's OpenAI body with another model name in its <c>model</c> field (an alias's target, a fallback).</summary>
    public static byte[] WithModel(byte[] body, string model)
    {
        var (field, _) = ModelField.Find(body, ignoreCase: false);
        return field.Replace(body, model);
    }
}
