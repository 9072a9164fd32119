using System.Collections.Concurrent;
using System.Text.Json;

namespace OllamaSim.Stats;

/// <summary>Counters served by <c>GET /_sim/stats</c> (control requests themselves are not counted).</summary>
public sealed class SimulatorStats
{
    long _requests;
    long _inference;
    int _inFlight;
    int _maxInFlight;
    readonly ConcurrentDictionary<string, long> _byModel = new();

    public void CountRequest() => Interlocked.Increment(ref _requests);

    /// <summary>Starts an inference request; dispose the result when its response is finished.</summary>
    public InFlight BeginInference()
    {
        Interlocked.Increment(ref _inference);
        var now = Interlocked.Increment(ref _inFlight);
        int max;
        while (now > (max = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, max) != max) { }
        return new InFlight(this);
    }

    public void CountModel(string displayName) => _byModel.AddOrUpdate(displayName, 1, (_, n) => n + 1);

    public void Reset()
    {
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _inference, 0);
        Interlocked.Exchange(ref _maxInFlight, Volatile.Read(ref _inFlight));
        _byModel.Clear();
    }

    public void Write(Utf8JsonWriter w, string name, int queued)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteNumber("requests", Interlocked.Read(ref _requests));
        w.WriteNumber("inferenceRequests", Interlocked.Read(ref _inference));
        w.WriteStartObject("byModel");
        foreach (var (model, count) in _byModel.OrderBy(p => p.Key, StringComparer.Ordinal))
            w.WriteNumber(model, count);
        w.WriteEndObject();
        w.WriteNumber("inFlight", Volatile.Read(ref _inFlight));
        w.WriteNumber("maxInFlight", Volatile.Read(ref _maxInFlight));
        w.WriteNumber("queued", queued);
        w.WriteEndObject();
    }

    public readonly struct InFlight(SimulatorStats stats) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref stats._inFlight);
    }
}
