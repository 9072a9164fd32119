namespace OllamaSim.Requests;

/// <summary>A decoded chat or generate request (native or from the /v1 layer), ready for validation and generation.</summary>
public sealed class CompletionRequest
{
    public required CompletionKind Kind { get; init; }
    /// <summary>The model string exactly as sent; responses echo it.</summary>
    public required string Model { get; init; }
    public IReadOnlyList<ChatMessage> Messages { get; init; } = [];
    public string Prompt { get; init; } = "";
    public string? System { get; init; }
    public string? Suffix { get; init; }
    public bool Raw { get; init; }
    public bool HasTemplateOrContext { get; init; }
    public int ImageCount { get; init; }
    public IReadOnlyList<ToolSpec> Tools { get; init; } = [];
    /// <summary>Raw <c>options</c>/<c>format</c>: Ollama checks them only after the model is found, so decoding them is deferred.</summary>
    public System.Text.Json.JsonElement? OptionsJson { get; init; }
    public System.Text.Json.JsonElement? FormatJson { get; init; }
    public FormatSpec Format { get; set; } = FormatSpec.Text;
    public SamplingOptions Options { get; set; } = SamplingOptions.Default;
    public bool Stream { get; init; } = true;
    public TimeSpan? KeepAlive { get; init; }
    public ThinkSetting Think { get; init; }
    public bool Logprobs { get; init; }
    public int TopLogprobs { get; init; }

    /// <summary>No prompt / no messages: Ollama loads (or, with keep_alive 0, unloads) the model and generates nothing.</summary>
    public bool IsLoadOnly => Kind == CompletionKind.Chat ? Messages.Count == 0 : Prompt.Length == 0 && ImageCount == 0;

    /// <summary>All images in the request (generate's own and the messages').</summary>
    public int TotalImages => ImageCount + Messages.Sum(m => m.ImageCount);
}
