using System.Buffers;
using ModelGateway.Transforms.Results;

namespace ModelGateway.Transforms.Shared;

/// <summary>
/// What a stream translator adds to <see cref="StreamProgress.Translate{TTranslator, TLine}(TTranslator, ReadOnlySpan{byte}, System.Text.Json.Serialization.Metadata.JsonTypeInfo{TLine}, IBufferWriter{byte})"/>:
/// a fast path for a running stream's plain token line, and the full translation of any parsed line.
/// </summary>
internal interface INativeLineTranslator<TLine> where TLine : class, INativeResponseLine
{
    /// <summary>Translates a plain token line straight from its bytes; false leaves the line to the full path.</summary>
    bool TryTranslateToken(ReadOnlySpan<byte> line, IBufferWriter<byte> output);

    StreamStep Translate(TLine line, IBufferWriter<byte> output);
}
