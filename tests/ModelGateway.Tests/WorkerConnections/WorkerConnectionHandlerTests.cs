using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ModelGateway.WorkerConnections;

namespace ModelGateway.Tests.WorkerConnections;

/// <summary>
/// The builtin worker client against a raw loopback server: framing (length, chunks split anywhere, close), 1xx,
/// bodiless answers, limits, keep-alive and its failure modes, cancellation, and that waiting streams hold no buffer.
/// </summary>
public class WorkerConnectionHandlerTests
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    static WorkerConnectionHandler NewHandler(int maxConnections = int.MaxValue, HttpMessageHandler? fallback = null)
        => new(maxConnections, TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(1),
            new Lazy<HttpMessageInvoker>(() => new HttpMessageInvoker(fallback ?? throw new InvalidOperationException("fallback used"))));

    static HttpRequestMessage Get(ScriptedWorker worker, string path = "/api/tags") => new(HttpMethod.Get, worker.Url(path));

    /// <summary>Answers every request on every connection with <paramref name="answer"/>.</summary>
    static ScriptedWorker Answering(string answer) => ScriptedWorker.Start(async c =>
    {
        while (await c.ReadRequestAsync() is not null) await c.WriteAsync(answer);
    });

    static async Task<string> ReadBodyAsync(HttpResponseMessage response)
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await response.Content.ReadAsStringAsync(timeout.Token);
    }

    [Test]
    public async Task ContentLengthBodies_ReuseOneConnection()
    {
        await using var worker = Answering("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"a\":\"xyz\"}");
        using var client = new HttpMessageInvoker(NewHandler());
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.SendAsync(Get(worker), default);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
            Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(11));
            Assert.That(await ReadBodyAsync(response), Is.EqualTo("{\"a\":\"xyz\"}"));
        }
        Assert.That(worker.Accepted, Is.EqualTo(1), "sequential requests must share one kept-alive connection");
    }

    [Test]
    public async Task ChunkedBody_SplitAtEveryByte_IsReassembled_AndTrailersIgnored()
    {
        const string body = "5\r\nhello\r\n1;ext=1\r\n \r\n10\r\n0123456789abcdef\r\n0\r\nX-Trailer: t\r\n\r\n";
        const string head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/x-ndjson\r\n\r\n";
        var whole = Encoding.ASCII.GetBytes(head + body);
        for (var split = 1; split < whole.Length; split++)
        {
            var at = split;
            await using var worker = ScriptedWorker.Start(async c =>
            {
                while (await c.ReadRequestAsync() is not null)
                {
                    await c.WriteAsync(whole[..at]);
                    await Task.Delay(2);
                    await c.WriteAsync(whole[at..]);
                }
            });
            using var client = new HttpMessageInvoker(NewHandler());
            for (var i = 0; i < 2; i++)
            {
                using var response = await client.SendAsync(Get(worker), default);
                Assert.That(response.Content.Headers.ContentLength, Is.Null);
                Assert.That(await ReadBodyAsync(response), Is.EqualTo("hello 0123456789abcdef"), $"split at {at}");
            }
            Assert.That(worker.Accepted, Is.EqualTo(1), $"split at {at}: a chunked body read to its end leaves the connection reusable");
        }
    }

    [Test]
    public async Task ChunksThatArrivedTogether_AreReturnedByOneRead()
    {
        await using var worker = Answering("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\none\r\n3\r\ntwo\r\n5\r\nthree\r\n0\r\n\r\n");
        using var client = new HttpMessageInvoker(NewHandler());
        using var response = await client.SendAsync(Get(worker), default);
        var body = await response.Content.ReadAsStreamAsync();
        _ = await body.ReadAsync(Memory<byte>.Empty);
        await Task.Delay(100);
        var buffer = new byte[64];
        var read = await body.ReadAsync(buffer);
        Assert.That(Encoding.ASCII.GetString(buffer, 0, read), Is.EqualTo("onetwothree"));
        Assert.That(await body.ReadAsync(buffer), Is.EqualTo(0));
    }

    [Test]
    public async Task BodyWithoutLength_IsReadUntilTheWorkerCloses()
    {
        await using var worker = ScriptedWorker.Start(async c =>
        {
            await c.ReadRequestAsync();
            await c.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nfirst ");
            await Task.Delay(20);
            await c.WriteAsync("second");
        });
        using var client = new HttpMessageInvoker(NewHandler());
        using var response = await client.SendAsync(Get(worker), default);
        Assert.That(await ReadBodyAsync(response), Is.EqualTo("first second"));
    }

    [Test]
    public async Task InformationalResponses_AreSkipped()
    {
        await using var worker = Answering("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok");
        using var client = new HttpMessageInvoker(NewHandler());
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, worker.Url("/api/create")) { Content = new StringContent("{}") }, default);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await ReadBodyAsync(response), Is.EqualTo("ok"));
    }

    [Test]
    public async Task HeadAnd204_HaveNoBody_AndKeepTheConnection()
    {
        await using var worker = ScriptedWorker.Start(async c =>
        {
            while (await c.ReadRequestAsync() is { } request)
                await c.WriteAsync(request.RequestLine.StartsWith("HEAD")
                    ? "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n"
                    : "HTTP/1.1 204 No Content\r\n\r\n");
        });
        using var client = new HttpMessageInvoker(NewHandler());
        using (var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, worker.Url()), default))
        {
            Assert.That(head.Content.Headers.ContentLength, Is.EqualTo(1234));
            Assert.That(await ReadBodyAsync(head), Is.Empty);
        }
        using (var none = await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, worker.Url("/api/delete")), default))
        {
            Assert.That(none.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(await ReadBodyAsync(none), Is.Empty);
        }
        using (var again = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, worker.Url()), default))
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(worker.Accepted, Is.EqualTo(1));
    }

    [Test]
    public async Task HeadersLargerThan64KB_FailClearly()
    {
        await using var worker = ScriptedWorker.Start(async c =>
        {
            await c.ReadRequestAsync();
            await c.WriteAsync("HTTP/1.1 200 OK\r\n");
            for (var i = 0; i < 100; i++) await c.WriteAsync($"X-Filler-{i}: {new string('x', 1000)}\r\n");
            await Task.Delay(Patience);
        });
        using var client = new HttpMessageInvoker(NewHandler());
        var watch = Stopwatch.StartNew();
        var error = Assert.ThrowsAsync<HttpRequestException>(async () => await client.SendAsync(Get(worker), default));
        Assert.That(error!.Message, Does.Contain("65536"));
        Assert.That(error.HttpRequestError, Is.EqualTo(HttpRequestError.ConfigurationLimitExceeded));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "must fail, not hang");
    }

    [Test]
    public async Task ConnectionClose_IsNotReused()
    {
        await using var worker = ScriptedWorker.Start(async c =>
        {
            await c.ReadRequestAsync();
            await c.WriteAsync("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
        });
        using var handler = NewHandler();
        using var client = new HttpMessageInvoker(handler, disposeHandler: false);
        for (var i = 0; i < 2; i++)
        {
            using var response = await client.SendAsync(Get(worker), default);
            Assert.That(await ReadBodyAsync(response), Is.EqualTo("ok"));
        }
        Assert.That(worker.Accepted, Is.EqualTo(2));
        Assert.That(handler.OpenConnections, Is.EqualTo(0));
    }

    /// <summary>The worker takes the second request on a kept-alive connection and closes without answering.</summary>
    static ScriptedWorker ClosingReusedConnections() => ScriptedWorker.Start(async c =>
    {
        var served = 0;
        while (await c.ReadRequestAsync() is not null)
        {
            if (c.Index == 0 && served == 1)
            {
                c.Reset();
                return;
            }
            await c.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            served++;
        }
    });

    [Test]
    public async Task StaleReusedConnection_IsRetriedOnceOnANewOne()
    {
        await using var worker = ClosingReusedConnections();
        using var client = new HttpMessageInvoker(NewHandler());
        using (var first = await client.SendAsync(Get(worker), default)) Assert.That(await ReadBodyAsync(first), Is.EqualTo("ok"));
        using var second = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, worker.Url("/api/chat")) { Content = new ByteArrayContent("{}"u8.ToArray()) }, default);
        Assert.That(await ReadBodyAsync(second), Is.EqualTo("ok"));
        Assert.That(worker.Accepted, Is.EqualTo(2));
    }

    [Test]
    public async Task StaleReusedConnection_WithAStreamedBody_SurfacesTheFailure()
    {
        await using var worker = ClosingReusedConnections();
        using var client = new HttpMessageInvoker(NewHandler());
        using (var first = await client.SendAsync(Get(worker), default)) Assert.That(await ReadBodyAsync(first), Is.EqualTo("ok"));
        var streamed = new StreamContent(new MemoryStream("{}"u8.ToArray()));
        Assert.ThrowsAsync<HttpRequestException>(async () => await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, worker.Url("/api/chat")) { Content = streamed }, default));
    }

    [Test]
    public async Task RefusedConnection_IsAnHttpRequestException_WithTheSocketError()
    {
        var port = FreePortNumber();
        using var client = new HttpMessageInvoker(NewHandler());
        var error = Assert.ThrowsAsync<HttpRequestException>(async () => await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/"), default));
        Assert.That(error!.InnerException, Is.InstanceOf<SocketException>());
        Assert.That(((SocketException)error.InnerException!).SocketErrorCode, Is.EqualTo(SocketError.ConnectionRefused));
        Assert.That(error.HttpRequestError, Is.EqualTo(HttpRequestError.ConnectionError));
    }

    static int FreePortNumber()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Test]
    public async Task CancellationMidBody_EndsTheReadPromptly_AndClosesTheConnection()
    {
        await using var worker = ScriptedWorker.Start(async c =>
        {
            await c.ReadRequestAsync();
            await c.WriteAsync("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\none\r\n");
            await Task.Delay(Patience);
        });
        using var handler = NewHandler();
        using var client = new HttpMessageInvoker(handler, disposeHandler: false);
        using var response = await client.SendAsync(Get(worker), default);
        var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64];
        Assert.That(await body.ReadAsync(buffer), Is.EqualTo(3));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var watch = Stopwatch.StartNew();
        Assert.That(async () => await body.ReadAsync(buffer, cancel.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)));
        Assert.That(handler.OpenConnections, Is.EqualTo(0));
        Assert.That(handler.ReadBuffersHeld, Is.EqualTo(0));
    }

    [Test]
    public async Task BodyDisposedBeforeItsEnd_ClosesTheConnection()
    {
        await using var worker = Answering("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01234");
        using var handler = NewHandler();
        using var client = new HttpMessageInvoker(handler, disposeHandler: false);
        using (var response = await client.SendAsync(Get(worker), default))
        {
            var body = await response.Content.ReadAsStreamAsync();
            Assert.That(await body.ReadAsync(new byte[3]), Is.EqualTo(3));
        }
        Assert.That(handler.OpenConnections, Is.EqualTo(0), "a half-read connection must never return to the pool");
        Assert.That(handler.ReadBuffersHeld, Is.EqualTo(0));
        using var next = await client.SendAsync(Get(worker), default);
        Assert.That(worker.Accepted, Is.EqualTo(2));
    }

    [TestCase("Content-Length: 17\r\n\r\n{\"version\":\"0.1\"}")]
    [TestCase("Transfer-Encoding: chunked\r\n\r\n11\r\n{\"version\":\"0.1\"}\r\n0\r\n\r\n")]
    public async Task SmallAnswerDisposedUnread_WhollyBuffered_KeepsTheConnection(string rest)
    {
        await using var worker = Answering("HTTP/1.1 200 OK\r\n" + rest);
        using var handler = NewHandler();
        using var client = new HttpMessageInvoker(handler, disposeHandler: false);
        for (var i = 0; i < 3; i++)
        {
            // What a health probe does: look at the status, dispose the answer.
            using var response = await client.SendAsync(Get(worker, "/api/version"), default);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        Assert.That(worker.Accepted, Is.EqualTo(1));
        Assert.That(handler.ReadBuffersHeld, Is.EqualTo(0));
    }

    [Test]
    public async Task MaxConnectionsPerServer_MakesRequestsWaitForAFreeConnection()
    {
        var release = new TaskCompletionSource();
        await using var worker = ScriptedWorker.Start(async c =>
        {
            while (await c.ReadRequestAsync() is not null)
            {
                await c.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nab");
                await release.Task;
                await c.WriteAsync("cd");
            }
        });
        using var client = new HttpMessageInvoker(NewHandler(maxConnections: 1));
        using var first = await client.SendAsync(Get(worker), default);
        var second = client.SendAsync(Get(worker), default);
        await Task.Delay(300);
        Assert.That(second.IsCompleted, Is.False, "the second request must wait while the only connection is busy");
        release.SetResult();
        Assert.That(await ReadBodyAsync(first), Is.EqualTo("abcd"));
        using var secondResponse = await second.WaitAsync(Patience);
        Assert.That(await ReadBodyAsync(secondResponse), Is.EqualTo("abcd"));
        Assert.That(worker.Accepted, Is.EqualTo(1));
    }

    [Test]
    public async Task RequestBodyOfUnknownLength_IsStreamedInChunks_NotBufferedWhole()
    {
        var firstChunkArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ScriptedRequest? received = null;
        await using var worker = ScriptedWorker.Start(async c =>
        {
            c.ChunkReceived = _ => firstChunkArrived.TrySetResult();
            received = await c.ReadRequestAsync();
            await c.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        });
        var upload = new GatedStream(piece: 100_000, pieces: 20, gate: firstChunkArrived.Task);
        using var client = new HttpMessageInvoker(NewHandler());
        var request = new HttpRequestMessage(HttpMethod.Post, worker.Url("/api/blobs/sha256:x")) { Content = new StreamContent(upload, 100_000) };
        using var response = await client.SendAsync(request, default).WaitAsync(Patience);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(received!.Head, Does.Contain("Transfer-Encoding: chunked"));
        Assert.That(received.Body, Has.Length.EqualTo(2_000_000));
    }

    /// <summary>Yields its second piece only once the server has the first: a client that buffers the whole body deadlocks.</summary>
    sealed class GatedStream(int piece, int pieces, Task gate) : Stream
    {
        int _served;
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_served == pieces) return 0;
            if (_served == 1) await gate.WaitAsync(cancellationToken);
            var count = Math.Min(piece, buffer.Length);
            buffer.Span[..count].Fill((byte)'x');
            if (count == piece) _served++;
            else throw new InvalidOperationException("test expects whole pieces");
            return count;
        }
        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Test]
    public async Task AStreamGoingQuietAfterABurst_WaitsWithoutABufferAgain()
    {
        const string token = "6\r\ntoken\n\r\n";
        var step = new SemaphoreSlim(0);
        var burstWritten = new TaskCompletionSource();
        await using var worker = ScriptedWorker.Start(async c =>
        {
            await c.ReadRequestAsync();
            await c.WriteAsync("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + token);
            await step.WaitAsync();
            // A fast worker: 1,000 tokens (11 KB) are in the socket before the gateway looks.
            await c.WriteAsync(string.Concat(Enumerable.Repeat(token, 1000)));
            burstWritten.SetResult();
            await step.WaitAsync();
            await c.WriteAsync(token);
            await step.WaitAsync();
            await c.WriteAsync(token + "0\r\n\r\n");
        });
        using var handler = NewHandler();
        using var client = new HttpMessageInvoker(handler, disposeHandler: false);
        using var response = await client.SendAsync(Get(worker), default);
        var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        async Task ReadAsRelayAsync()
        {
            await body.ReadAsync(Memory<byte>.Empty).AsTask().WaitAsync(Patience);
            text.Append(Encoding.ASCII.GetString(buffer, 0, await body.ReadAsync(buffer)));
        }

        await ReadAsRelayAsync();
        step.Release();
        await burstWritten.Task.WaitAsync(Patience);
        await Task.Delay(100);
        while (text.Length < 1001 * 6) await ReadAsRelayAsync();
        Assert.That(text.Length, Is.EqualTo(1001 * 6), "the burst arrived whole");

        // The first wait after a burst may still read at once (holding a rented buffer); once it had to wait, it goes
        // back to waiting with the connection's own small buffer.
        var wait = ReadAsRelayAsync();
        await Task.Delay(100);
        Assert.That(handler.ReadBuffersHeld, Is.EqualTo(1), "right after a burst the next read goes straight for the bytes");
        step.Release();
        await wait;
        wait = ReadAsRelayAsync();
        await Task.Delay(200);
        Assert.That(wait.IsCompleted, Is.False);
        Assert.That(handler.ReadBuffersHeld, Is.EqualTo(0), "a stream quiet again holds no rented buffer while it waits");
        step.Release();
        await wait;
        while (await body.ReadAsync(buffer) is var read and > 0) text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        Assert.That(text.ToString(), Is.EqualTo(string.Concat(Enumerable.Repeat("token\n", 1003))));
    }

    [Test]
    public async Task StreamsWaitingForData_AndIdleConnections_HoldNoBuffer()
    {
        const int streams = 50;
        var next = new TaskCompletionSource();
        await using var worker = ScriptedWorker.Start(async c =>
        {
            while (await c.ReadRequestAsync() is not null)
            {
                await c.WriteAsync("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\ntoken\n\r\n");
                await next.Task;
                await c.WriteAsync("6\r\ntoken\n\r\n0\r\n\r\n");
            }
        });
        using var handler = NewHandler();
        using var client = new HttpMessageInvoker(handler, disposeHandler: false);
        var responses = await Task.WhenAll(Enumerable.Range(0, streams).Select(_ => client.SendAsync(Get(worker), default)));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStreamAsync()));
        foreach (var body in bodies) Assert.That(await body.ReadAsync(new byte[64]), Is.EqualTo(6));
        // Each caller now waits the way the relay does: a zero-byte read.
        var waits = bodies.Select(b => b.ReadAsync(Memory<byte>.Empty).AsTask()).ToArray();
        await Task.Delay(200);
        Assert.That(waits.Count(w => w.IsCompleted), Is.EqualTo(0));
        Assert.That(handler.ReadBuffersHeld, Is.EqualTo(0), "a stream waiting for its next chunk must hold no rented buffer");
        next.SetResult();
        await Task.WhenAll(waits).WaitAsync(Patience);
        foreach (var body in bodies)
        {
            var rest = new MemoryStream();
            await body.CopyToAsync(rest);
            Assert.That(Encoding.ASCII.GetString(rest.ToArray()), Is.EqualTo("token\n"));
        }
        Assert.That(handler.OpenConnections, Is.EqualTo(streams), "finished connections stay pooled");
        Assert.That(handler.ReadBuffersHeld, Is.EqualTo(0), "idle pooled connections hold no rented buffer");
        foreach (var response in responses) response.Dispose();
    }

    [Test]
    public async Task HttpsAndUpgradeRequests_GoToTheFallbackClient()
    {
        var fallback = new RecordingHandler();
        using var client = new HttpMessageInvoker(NewHandler(fallback: fallback));
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://worker.invalid/api/tags"), default);
        Assert.That(fallback.Requests, Is.EqualTo(1));
    }

    sealed class RecordingHandler : HttpMessageHandler
    {
        public int Requests;
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Requests);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }
}
