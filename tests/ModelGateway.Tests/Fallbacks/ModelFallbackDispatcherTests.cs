using Microsoft.AspNetCore.Http;
using ModelGateway.Fallbacks;
using ModelGateway.Forwarding;
using ModelGateway.Routing;

namespace ModelGateway.Tests.Fallbacks;

/// <summary>What the fallback step costs a request whose model has no fallbacks (nothing), and one whose model answers.</summary>
public class ModelFallbackDispatcherTests
{
    sealed class AnsweringDispatcher : IWorkerDispatcher
    {
        public static readonly Task<WorkerResponse> Answer = Task.FromResult<WorkerResponse>(null!);

        public Task<WorkerResponse> SendAsync(HttpContext context, WorkerRequest request) => Answer;
    }

    [Test]
    public void RequestWithoutFallbacks_GoesStraightToTheInnerDispatcher_AllocatingNothing()
    {
        // The other collaborators are never touched on this path.
        var dispatcher = new ModelFallbackDispatcher(new AnsweringDispatcher(), null!, null!, null!, null!, null!, null!);
        var context = new DefaultHttpContext();
        var request = new WorkerRequest { Route = new ModelRoute("llama3.2:3b", "llama3.2:3b", "gpu", IsConfigured: true), Method = HttpMethod.Post, PathAndQuery = "/api/chat" };
        _ = dispatcher.SendAsync(context, request);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) _ = dispatcher.SendAsync(context, request);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.Zero);
        Assert.That(dispatcher.SendAsync(context, request), Is.SameAs(AnsweringDispatcher.Answer), "the inner task itself: no async frame of its own");
    }

    sealed class NeverCalledBuilder : IFallbackRequestBuilder
    {
        public WorkerRequest? Build(WorkerRequest requested, ModelRoute fallback) => throw new AssertionException("no fallback was needed");
    }

    [Test]
    public async Task RequestedModelAnswers_ItsReplyIsReturnedAsIs_NoFallbackIsBuilt()
    {
        var context = new DefaultHttpContext();
        var reply = WorkerResponse.FromCache(new HttpResponseMessage(System.Net.HttpStatusCode.OK), new Yarp.ReverseProxy.Model.ClusterState("gpu"), default);
        var dispatcher = new ModelFallbackDispatcher(new FixedDispatcher(reply), null!, null!, null!, null!, null!, null!);
        var request = new WorkerRequest
        {
            Route = new ModelRoute("llama3.2:3b", "llama3.2:3b", "gpu", IsConfigured: true) { Fallbacks = ["qwen2.5:7b"] },
            Method = HttpMethod.Post,
            PathAndQuery = "/api/chat",
            FallbackBuilder = new NeverCalledBuilder(),
        };
        await dispatcher.SendAsync(context, request);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var response = await dispatcher.SendAsync(context, request);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        TestContext.Out.WriteLine($"bytes allocated by the fallback step (and the stand-in's Task) when the requested model answers: {allocated}");

        Assert.That(response, Is.SameAs(reply));
        Assert.That(response.FallbackRoute, Is.Null);
        Assert.That(context.Response.Headers.ContainsKey(FallbackHeaders.Model), Is.False);
    }

    sealed class FixedDispatcher(WorkerResponse reply) : IWorkerDispatcher
    {
        public Task<WorkerResponse> SendAsync(HttpContext context, WorkerRequest request) => Task.FromResult(reply);
    }
}
