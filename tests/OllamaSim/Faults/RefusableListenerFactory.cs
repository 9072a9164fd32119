using System.Net;
using Microsoft.AspNetCore.Connections;

namespace OllamaSim.Faults;

/// <summary>
/// Kestrel transport wrapper: endpoints on the API port get a <see cref="RefusableListener"/> that can close and
/// re-open its socket; other endpoints (the control port) are bound by the inner transport unchanged.
/// </summary>
public sealed class RefusableListenerFactory(IConnectionListenerFactory inner, int apiPort, RefusalSwitch refusal) : IConnectionListenerFactory
{
    public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        if (endpoint is not IPEndPoint ip || ip.Port != apiPort)
            return await inner.BindAsync(endpoint, cancellationToken);
        var listener = new RefusableListener(inner, endpoint, refusal);
        await listener.StartAsync(cancellationToken);
        return listener;
    }
}
