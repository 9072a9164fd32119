using System.Text.Encodings.Web;
using System.Text.Json;

namespace ModelGateway.Transforms.Serialization;

/// <summary>Writer options shared by every output: compact, and no HTML-oriented escaping of non-ASCII text.</summary>
internal static class JsonWriting
{
    // The bodies are JSON / SSE, never HTML, so escaping "°" or "é" would only cost bytes.
    public static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };
}
