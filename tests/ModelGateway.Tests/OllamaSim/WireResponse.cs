using System.Text.Json;

namespace ModelGateway.Tests.OllamaSim;

/// <summary>A raw HTTP answer from the simulator: status, content type and the exact body text.</summary>
internal sealed record WireResponse(int Status, string? ContentType, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? Error => Json.TryGetProperty("error", out var e) ? e.GetString() : null;

    /// <summary>NDJSON lines; asserts the framing (every line, including the last, ends with one \n).</summary>
    public List<JsonElement> Lines
    {
        get
        {
            Assert.That(Body, Does.EndWith("\n"), "every NDJSON line ends with a newline");
            return Body[..^1].Split('\n').Select(l => JsonDocument.Parse(l).RootElement).ToList();
        }
    }

    public override string ToString() => $"{Status} {ContentType}\n{Body}";
}
