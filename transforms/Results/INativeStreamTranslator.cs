using System.Buffers;

namespace ModelGateway.Transforms.Results;

/// <summary>
/// Turns one native NDJSON stream into OpenAI SSE events, a line at a time. One instance per stream; the gateway
/// drives it the same way for chat and legacy completions.
/// </summary>
public interface INativeStreamTranslator
{
    /// <summary>The completion id shared by every chunk of the stream.</summary>
    string Id { get; }

    /// <summary>True once any event has been written: from then on errors can only be reported in-band.</summary>
    bool OutputStarted { get; }

    /// <summary>Token counts from the native done line (known even when the client did not ask for usage).</summary>
    UsageCounts? Usage { get; }

    StreamStep TranslateLine(ReadOnlySequence<byte> line, IBufferWriter<byte> output);

    /// <summary>The worker's body ended without a done line.</summary>
    StreamStep UpstreamEnded(IBufferWriter<byte> output);

    /// <summary>Writes the in-band SSE error event (no [DONE] follows).</summary>
    void WriteErrorEvent(string message, IBufferWriter<byte> output);
}
