using ModelGateway.Transforms.Ollama;
using ModelGateway.Transforms.Serialization;
using ModelGateway.Transforms.Shared;

namespace ModelGateway.Transforms.Models;

/// <summary>Reads a worker's <c>GET /api/tags</c> body.</summary>
public static class OllamaTagsReader
{
    /// <summary>The entries (empty for <c>{"models":[]}</c> or <c>null</c>); false when the body is not a tags reply.</summary>
    public static bool TryRead(ReadOnlySpan<byte> utf8Json, out IReadOnlyList<OllamaModelEntry> models)
    {
        if (NativeLineReader.TryRead(utf8Json, TransformsJsonContext.Default.OllamaTagsResponse, out var tags))
        {
            models = tags!.Models ?? [];
            return true;
        }
        models = [];
        return false;
    }
}
