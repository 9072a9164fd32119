using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ModelGateway.WorkerConnections;

namespace ModelGateway.Tests.WorkerConnections;

/// <summary>The builtin client publishes the System.Net.Http instruments /metrics documents for calls to workers.</summary>
public class WorkerClientMetricsTests
{
    [Test]
    public async Task RequestsAndConnections_AreMeasuredUnderSocketsHttpHandlersNames()
    {
        await using var worker = ScriptedWorker.Start(async c =>
        {
            while (await c.ReadRequestAsync() is not null) await c.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        });
        var statuses = new ConcurrentBag<object?>();
        long open = 0, idle = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "System.Net.Http" && instrument.Name is "http.client.request.duration" or "http.client.open_connections")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            if (Tag(tags, "server.port") is int port && port == worker.Port) statuses.Add(Tag(tags, "http.response.status_code"));
        });
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (Tag(tags, "server.port") is not int port || port != worker.Port) return;
            Interlocked.Add(ref open, value);
            if ((string?)Tag(tags, "http.connection.state") == "idle") Interlocked.Add(ref idle, value);
        });
        listener.Start();

        var handler = new WorkerConnectionHandler(int.MaxValue, TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(1),
            new Lazy<HttpMessageInvoker>(() => throw new InvalidOperationException()));
        using (var client = new HttpMessageInvoker(handler))
        {
            for (var i = 0; i < 2; i++)
            {
                using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, worker.Url("/api/ps")), default);
                Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("ok"));
            }
            Assert.That(statuses, Is.EquivalentTo(new object[] { 200, 200 }));
            Assert.That((Interlocked.Read(ref open), Interlocked.Read(ref idle)), Is.EqualTo((1L, 1L)), "one connection, idle in the pool");
        }
        Assert.That(Interlocked.Read(ref open), Is.EqualTo(0), "closed with the handler");
    }

    static object? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
            if (tag.Key == name) return tag.Value;
        return null;
    }
}
