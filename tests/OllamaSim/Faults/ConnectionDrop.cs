using Microsoft.AspNetCore.Http;

namespace OllamaSim.Faults;

/// <summary>The drop fault: cut the TCP connection (RST) after what was already flushed has left the process.</summary>
public static class ConnectionDrop
{
    /// <summary>
    /// Kestrel discards output still queued for the socket when a connection is aborted, so wait a moment first;
    /// otherwise the client would never see the first line and the fault would look like a refused request.
    /// </summary>
    public static async Task AbortAfterFlushAsync(HttpContext context)
    {
        await Task.Delay(50);
        context.Abort();
    }
}
