using System.Threading.Channels;

namespace ModelGateway.Preloading;

/// <summary>
/// Wakes the preloader when something it depends on changed (a worker polled, a worker's health, the configuration, a
/// load ended). Pulls made while it works are folded into one look; with no model kept loaded, pulls do nothing.
/// </summary>
internal sealed class PreloadTrigger
{
    readonly Channel<bool> _pulls = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    volatile bool _enabled;

    /// <summary>True while some model is kept loaded.</summary>
    public bool Enabled
    {
        get => _enabled;
        set => _enabled = value;
    }

    public void Pull()
    {
        if (_enabled) _pulls.Writer.TryWrite(true);
    }

    /// <summary>Returns at the next pull (at once for one made since the last wait): true; or when <paramref name="timeout"/> passes: false.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (_pulls.Reader.TryRead(out _)) return true;
        using var timer = new CancellationTokenSource(timeout, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        try
        {
            await _pulls.Reader.WaitToReadAsync(either.Token);
            return _pulls.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
