using System.Buffers;
using System.IO.Pipelines;

namespace ModelGateway.Forwarding;

/// <summary>
/// Reads a request body whole, up to a limit. Bodies are kept because a failover must send them again,
/// and the model that picks the cluster may sit anywhere in the JSON.
/// </summary>
public static class RequestBodyReader
{
    /// <summary>
    /// True when the answer is known without waiting: the whole body has already arrived (<paramref name="bytes"/>), or
    /// it is larger than <paramref name="maxBytes"/> (null). False when more is still to come: call <see cref="ReadAsync"/>.
    /// </summary>
    public static bool TryReadBuffered(HttpRequest request, long maxBytes, out byte[]? bytes)
    {
        bytes = null;
        if (request.ContentLength > maxBytes) return true;
        var reader = request.BodyReader;
        if (!reader.TryRead(out var result)) return false;
        var buffer = result.Buffer;
        if (buffer.Length > maxBytes)
        {
            reader.AdvanceTo(buffer.Start, buffer.End);
            return true;
        }
        if (!result.IsCompleted)
        {
            reader.AdvanceTo(buffer.Start, buffer.End);
            return false;
        }
        bytes = buffer.ToArray();
        reader.AdvanceTo(buffer.End);
        return true;
    }

    /// <summary>The body, or null when it is larger than <paramref name="maxBytes"/> (the caller answers 413).</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes) return null;
        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (buffer.Length > maxBytes)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                return null;
            }
            if (result.IsCompleted)
            {
                var bytes = buffer.ToArray();
                reader.AdvanceTo(buffer.End);
                return bytes;
            }
            // Keep everything buffered in the pipe until the body is complete.
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
