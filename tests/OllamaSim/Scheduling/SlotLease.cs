namespace OllamaSim.Scheduling;

/// <summary>A held generation slot of one model; disposing it frees the slot and restarts the keep-alive clock.</summary>
public sealed class SlotLease(ModelRunner runner) : IDisposable
{
    int _released;

    public ModelRunner Runner => runner;

    /// <summary>How long the model stays loaded after this request (null = server default).</summary>
    public TimeSpan? KeepAlive { get; set; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
            runner.Release(KeepAlive);
    }
}
