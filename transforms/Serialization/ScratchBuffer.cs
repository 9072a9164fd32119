using System.Buffers;

namespace ModelGateway.Transforms.Serialization;

/// <summary>
/// A per-thread buffer to build small outputs in before copying them into an array of their exact size: a request
/// body written straight into a fresh growable buffer left a 1 KB array behind per request. Writers must not call back
/// into it (a nested use gets a buffer of its own).
/// </summary>
internal static class ScratchBuffer
{
    /// <summary>Buffers grown beyond this (a rare huge body) are not kept by the thread.</summary>
    const int RetainedBytes = 64 * 1024;

    [ThreadStatic] static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] static bool t_inUse;

    public static byte[] ToArray<TState>(TState state, Action<TState, IBufferWriter<byte>> write)
    {
        if (t_inUse)
        {
            var own = new ArrayBufferWriter<byte>(256);
            write(state, own);
            return own.WrittenSpan.ToArray();
        }
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        t_inUse = true;
        try
        {
            buffer.ResetWrittenCount();
            write(state, buffer);
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            t_inUse = false;
            if (buffer.Capacity > RetainedBytes) t_buffer = null;
        }
    }
}
