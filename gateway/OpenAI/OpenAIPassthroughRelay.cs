using ModelGateway.Forwarding;
using ModelGateway.Routing;

namespace ModelGateway.OpenAI;

/// <summary>
/// For clusters whose workers already speak OpenAI (vLLM, llama.cpp server, LM Studio): the body goes through with
/// only an alias rewritten, and the answer (JSON or SSE) is relayed unchanged, behind the same routing and limits.
/// </summary>
internal sealed class OpenAIPassthroughRelay(IWorkerDispatcher dispatcher)
{
    public async Task RelayAsync(HttpContext context, ModelRoute route, string path, byte[] body)
    {
        if (route.RewritesModel)
        {
            var (field, _) = ModelField.Find(body);
            body = field.Replace(body, route.WorkerModel);
        }
        var response = await dispatcher.SendAsync(context, new WorkerRequest { Route = route, Method = HttpMethod.Post, PathAndQuery = path, Body = body });
        await using (response)
        {
            ResponseRelay.CopyHeaders(context, response);
            // A broken SSE stream cannot be repaired by a proxy that does not parse it: make the client see the failure.
            await ResponseRelay.CopyBodyAsync(context, response, static (ctx, _, _) => { ctx.Abort(); return Task.CompletedTask; });
        }
    }
}
