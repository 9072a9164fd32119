namespace OllamaSim.Scheduling;

/// <summary>
/// Counts requests waiting for a slot across all models, bounded like <c>OLLAMA_MAX_QUEUE</c>; a request that
/// cannot even wait gets the 503 <c>server busy</c> answer.
/// </summary>
public sealed class PendingQueue(int capacity)
{
    int _count;

    public int Count => Volatile.Read(ref _count);

    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _count) <= capacity) return true;
        Interlocked.Decrement(ref _count);
        return false;
    }

    public void Leave() => Interlocked.Decrement(ref _count);
}
