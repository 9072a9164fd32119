using System.Collections.Concurrent;
using OllamaSim.Configuration;
using OllamaSim.Models;

namespace OllamaSim.Scheduling;

/// <summary>Runners by model (created on first use) plus the shared pending queue.</summary>
public sealed class Scheduler(SimulatorOptions options, TimeProvider time)
{
    readonly ConcurrentDictionary<string, ModelRunner> _runners = new();
    readonly PendingQueue _pending = new(options.MaxQueue);

    public PendingQueue Pending => _pending;

    public ModelRunner RunnerFor(InstalledModel model)
    {
        var runner = _runners.GetOrAdd(model.Name.Key,
            _ => new ModelRunner(model, options.Parallel, _pending, options.LoadTime, options.DefaultKeepAlive, time));
        // A model deleted and pulled again is a new InstalledModel: give it a fresh (unloaded) runner.
        if (!ReferenceEquals(runner.Model, model))
        {
            var fresh = new ModelRunner(model, options.Parallel, _pending, options.LoadTime, options.DefaultKeepAlive, time);
            runner = _runners.TryUpdate(model.Name.Key, fresh, runner) ? fresh : _runners[model.Name.Key];
        }
        return runner;
    }

    /// <summary>Loaded models with their expiry, longest remaining keep-alive first (the order of /api/ps).</summary>
    public IReadOnlyList<(InstalledModel Model, DateTimeOffset ExpiresAt)> Loaded()
    {
        var loaded = new List<(InstalledModel, DateTimeOffset)>();
        foreach (var runner in _runners.Values)
            if (runner.IsLoaded(out var expiresAt))
                loaded.Add((runner.Model, expiresAt));
        return loaded.OrderByDescending(l => l.Item2).ToList();
    }

    public void Forget(ModelName name) => _runners.TryRemove(name.Key, out _);
}
