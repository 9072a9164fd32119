using System.Text.Json;

namespace ModelGateway.Validation.Ollama;

/// <summary>
/// The fields of a native /api/chat body the gateway checks. Fields Ollama gives one fixed type are typed (a wrong
/// JSON type fails reading, naming the field); fields that take several shapes stay <see cref="JsonElement"/>.
/// </summary>
internal sealed class OllamaChatBody
{
    public List<OllamaMessageBody?>? Messages { get; set; }
    public List<JsonElement>? Tools { get; set; }
    public JsonElement? Format { get; set; }
    public JsonElement? Options { get; set; }
    public bool? Stream { get; set; }
    public JsonElement? KeepAlive { get; set; }
    public JsonElement? Think { get; set; }
    public bool? Truncate { get; set; }
    public bool? Shift { get; set; }
    public bool? Logprobs { get; set; }
    public int? TopLogprobs { get; set; }
}
