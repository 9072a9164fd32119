using System.Net;
using System.Net.Sockets;
using System.Text;
using ModelGateway.WorkerConnections;

namespace ModelGateway.Tests.WorkerConnections;

/// <summary>
/// What reading a paced chunked stream allocates per chunk, the way the relay reads it (a zero-byte wait, then the
/// chunk): a token stream's chunks each complete asynchronously, so every async step that allocates its state per
/// await shows up here, thousands of times a second on a busy gateway.
/// </summary>
[NonParallelizable]
public class ChunkReadAllocationTests
{
    const int Chunks = 300;

    [Test]
    public async Task ReadingAPacedChunk_AllocatesLittle()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var line = "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"tok\"},\"done\":false}\n";
        var chunk = Encoding.ASCII.GetBytes($"{line.Length:x}\r\n{line}\r\n");
        // The worker runs on its own thread and writes with synchronous sends, so it allocates nothing per chunk itself.
        Exception? workerFailure = null;
        var worker = new Thread(() =>
        {
            try { Serve(); }
            catch (Exception ex) { workerFailure = ex; }
        }) { IsBackground = true };
        void Serve()
        {
            using var socket = listener.AcceptSocket();
            var request = new byte[4096];
            socket.Receive(request);
            socket.Send("HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n"u8);
            for (var i = 0; i < Chunks; i++)
            {
                Thread.Sleep(1);
                socket.Send(chunk);
            }
            socket.Send("0\r\n\r\n"u8);
        }
        worker.Start();

        using var handler = new WorkerConnectionHandler(int.MaxValue, TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(1),
            new Lazy<HttpMessageInvoker>(() => throw new InvalidOperationException("fallback used")));
        using var client = new HttpMessageInvoker(handler);
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/api/chat"), default);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[16 * 1024];
        long read = 0, chunksRead = 0, before = 0;
        while (true)
        {
            _ = await body.ReadAsync(Memory<byte>.Empty);
            var n = await body.ReadAsync(buffer);
            if (n == 0) break;
            read += n;
            // The first chunks warm up (the pool's first rent, tiering); count from the tenth.
            if (++chunksRead == 10) before = GC.GetTotalAllocatedBytes(precise: true);
        }
        var perChunk = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)(chunksRead - 10);
        worker.Join(TimeSpan.FromSeconds(10));

        Assert.That(workerFailure, Is.Null);
        Assert.That(read, Is.EqualTo(Chunks * (long)line.Length));
        TestContext.Out.WriteLine($"{perChunk:0} bytes allocated per chunk over {chunksRead - 10} chunks");
        Assert.That(perChunk, Is.LessThan(200), "each paced chunk should cost no per-await state allocations");
    }
}
