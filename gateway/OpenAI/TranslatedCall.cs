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

    /// <summary>The model as the client named it: what the reply's <c>model</c> says unless a fallback answered.</summary>
    public required string Model { get; init; }

    /// <summary>Native JSON body and the model the reply names → OpenAI JSON body (non-streamed replies).</summary>
    public required Func<ReadOnlyMemory<byte>, string, IBufferWriter<byte>, ResponseTranslation> TranslateResponse { get; init; }

    /// <summary>A fresh stream translator whose chunks name the given model (streamed replies).</summary>
    public Func<string, INativeStreamTranslator>? CreateStreamTranslator { get; init; }

    /// <summary>
    /// Awaited once a reply has been translated in full and successfully, before its last bytes are flushed to the
    /// client (a stored response must be readable by the time its client can ask for it); null for most calls.
    /// </summary>
    public Func<CancellationToken, ValueTask>? Completing { get; init; }
}
