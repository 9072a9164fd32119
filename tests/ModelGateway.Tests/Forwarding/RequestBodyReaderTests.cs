using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using ModelGateway.Forwarding;

namespace ModelGateway.Tests.Forwarding;

/// <summary>
/// A body that has already arrived is taken without waiting (so the intake sets up no deadline for it); anything else is
/// left to the waiting read, which then sees the body from its first byte.
/// </summary>
public class RequestBodyReaderTests
{
    static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"model":"m","messages":[]}""");

    static (HttpRequest Request, Pipe Pipe) RequestOver(long? contentLength)
    {
        var pipe = new Pipe();
        var context = new DefaultHttpContext();
        context.Features.Set<IRequestBodyPipeFeature>(new BodyPipe(pipe.Reader));
        context.Request.ContentLength = contentLength;
        return (context.Request, pipe);
    }

    [Test]
    public async Task A_body_that_has_arrived_whole_is_taken_without_waiting()
    {
        var (request, pipe) = RequestOver(Body.Length);
        await pipe.Writer.WriteAsync(Body);
        await pipe.Writer.CompleteAsync();

        Assert.That(RequestBodyReader.TryReadBuffered(request, 1024, out var bytes), Is.True);
        Assert.That(bytes, Is.EqualTo(Body));
    }

    [Test]
    public async Task A_body_still_arriving_is_left_to_the_waiting_read_which_gets_all_of_it()
    {
        var (request, pipe) = RequestOver(Body.Length);
        await pipe.Writer.WriteAsync(Body.AsMemory(0, 5));

        Assert.That(RequestBodyReader.TryReadBuffered(request, 1024, out var early), Is.False);
        Assert.That(early, Is.Null);

        var read = RequestBodyReader.ReadAsync(request, 1024, CancellationToken.None);
        await pipe.Writer.WriteAsync(Body.AsMemory(5));
        await pipe.Writer.CompleteAsync();
        Assert.That(await read, Is.EqualTo(Body));
    }

    [Test]
    public void A_declared_length_over_the_limit_is_refused_without_reading()
    {
        var (request, _) = RequestOver(2048);
        Assert.That(RequestBodyReader.TryReadBuffered(request, 1024, out var bytes), Is.True);
        Assert.That(bytes, Is.Null);
    }

    [Test]
    public async Task Buffered_bytes_over_the_limit_are_refused_like_the_waiting_read_does()
    {
        var (request, pipe) = RequestOver(null);
        await pipe.Writer.WriteAsync(new byte[2048]);

        Assert.That(RequestBodyReader.TryReadBuffered(request, 1024, out var bytes), Is.True);
        Assert.That(bytes, Is.Null);

        var (slowRequest, slowPipe) = RequestOver(null);
        await slowPipe.Writer.WriteAsync(new byte[2048]);
        Assert.That(await RequestBodyReader.ReadAsync(slowRequest, 1024, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task An_empty_body_is_taken_as_empty()
    {
        var (request, pipe) = RequestOver(0);
        await pipe.Writer.CompleteAsync();
        Assert.That(RequestBodyReader.TryReadBuffered(request, 1024, out var bytes), Is.True);
        Assert.That(bytes, Is.Empty);
    }

    sealed class BodyPipe(PipeReader reader) : IRequestBodyPipeFeature
    {
        public PipeReader Reader { get; } = reader;
    }
}
