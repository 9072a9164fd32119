namespace ModelGateway.Bench.Processes;

/// <summary>Stops every process the run started, newest first, whatever way the run ends.</summary>
public sealed class Cleanup : IAsyncDisposable
{
    readonly Stack<IAsyncDisposable> _items = new();

    public T Add<T>(T item) where T : IAsyncDisposable
    {
        _items.Push(item);
        return item;
    }

    public async ValueTask DisposeAsync()
    {
        while (_items.TryPop(out var item)) await item.DisposeAsync();
    }
}
