using OllamaSim.Generation;
using OllamaSim.Requests;

namespace OllamaSim.Inference;

/// <summary>
/// Where a completion goes: the native NDJSON/JSON shapes of /api/chat and /api/generate, or Ollama's OpenAI layer.
/// Streaming sinks write each piece as it comes; non-streaming ones collect them for one final object.
/// </summary>
public interface IReplySink
{
    /// <summary>True once any response byte has been sent; errors then have to be written in-band.</summary>
    bool Started { get; }

    /// <summary>The single object answering a load/unload request (no prompt or messages).</summary>
    Task WriteLoadOnlyAsync(string doneReason);

    ValueTask WritePieceAsync(ReplyPiece piece, CancellationToken cancellationToken);

    Task WriteFinalAsync(ReplyPlan plan, ReplyMetrics metrics, CancellationToken cancellationToken);

    Task WriteErrorAsync(ApiError error);

    /// <summary>The drop fault: make sure part of a body went out, then cut the connection.</summary>
    Task AbortMidBodyAsync();
}
