using System.Text.Json;

namespace ModelGateway.Validation.Ollama;

/// <summary>The fields of a native /api/generate body the gateway checks.</summary>
internal sealed class OllamaGenerateBody
{
    public string? Prompt { get; set; }
    public string? Suffix { get; set; }
    public string? System { get; set; }
    public string? Template { get; set; }
    public List<long>? Context { get; set; }
    public bool? Stream { get; set; }
    public bool? Raw { get; set; }
    public JsonElement? Format { get; set; }
    public List<string?>? Images { get; set; }
    public JsonElement? Options { get; set; }
    public JsonElement? KeepAlive { get; set; }
    public JsonElement? Think { get; set; }
    public bool? Truncate { get; set; }
    public bool? Shift { get; set; }
    public bool? Logprobs { get; set; }
    public int? TopLogprobs { get; set; }
}
