using System.Buffers;
using ModelGateway.Forwarding;
using ModelGateway.Transforms.Results;

namespace ModelGateway.OpenAI;

/// <summary>
/// A /v1 request turned into a native worker request, plus how to turn the worker's answer back into OpenAI's
/// shape (a whole JSON body, or a stream of SSE events).
/// </summary>
internal sealed class TranslatedCall
{
    public required WorkerRequest WorkerRequest { get; init; }
    public required bool Stream { get; init; }

    /// <summary>Native JSON body → OpenAI JSON body (non-streamed replies).</summary>
    public required Func<ReadOnlyMemory<byte>, IBufferWriter<byte>, ResponseTranslation> TranslateResponse { get; init; }

    /// <summary>A fresh stream translator (streamed replies).</summary>
    public Func<INativeStreamTranslator>? CreateStreamTranslator { get; init; }
}
