using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelGateway.ApiDescription;

/// <summary>
/// The gateway's OpenAPI document: a hand-maintained file embedded in the assembly (the endpoints are plain request
/// delegates with hand-parsed bodies, so nothing could generate their schemas), stamped with the assembly's version.
/// </summary>
internal static class OpenApiDocumentSource
{
    public const string ResourceName = "ModelGateway.ApiDescription.openapi.json";

    /// <summary>The version written into <c>info.version</c>: the informational version the build stamped (e.g. <c>1.0.0+&lt;commit&gt;</c>).</summary>
    public static string GatewayVersion
        => typeof(OpenApiDocumentSource).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
           ?? typeof(OpenApiDocumentSource).Assembly.GetName().Version?.ToString()
           ?? "unknown";

    /// <summary>Reads the embedded document and returns it compact, as UTF-8, with the gateway's version in it.</summary>
    public static byte[] Load()
    {
        using var stream = typeof(OpenApiDocumentSource).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the gateway assembly.");
        var document = JsonNode.Parse(stream)!.AsObject();
        document["info"]!["version"] = GatewayVersion;

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64 * 1024);
        // Relaxed: the descriptions quote JSON, which the default encoder would fill with \u0022.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            document.WriteTo(writer);
        return buffer.WrittenSpan.ToArray();
    }
}
