namespace ModelGateway.Validation;

/// <summary>
/// Options of the <c>Validation</c> section: size limits on request bodies and the context lengths token limits are
/// checked against. Every key is documented in docs/validation.md.
/// </summary>
public sealed class ValidationOptions
{
    public const string SectionName = "Validation";

    /// <summary>Most entries in <c>messages</c> (chat on both surfaces).</summary>
    public int MaxMessages { get; set; } = 2048;

    /// <summary>Longest text, in characters, of one message, prompt, suffix or embedding input.</summary>
    public int MaxContentCharacters { get; set; } = 10 * 1024 * 1024;

    /// <summary>Most entries in <c>tools</c>.</summary>
    public int MaxTools { get; set; } = 128;

    /// <summary>Pattern every tool (function) name must match; OpenAI's own rule by default.</summary>
    public string ToolNamePattern { get; set; } = "^[a-zA-Z0-9_-]{1,64}$";

    /// <summary>Most images in one request (all messages together).</summary>
    public int MaxImages { get; set; } = 32;

    /// <summary>Most inputs in one embedding request.</summary>
    public int MaxEmbeddingInputs { get; set; } = 2048;

    /// <summary>Deepest nesting of objects and arrays accepted in a body.</summary>
    public int MaxJsonDepth { get; set; } = 64;

    /// <summary>Most items in any one JSON array of a body.</summary>
    public int MaxJsonArrayItems { get; set; } = 262_144;

    /// <summary>Time allowed to receive the whole request body; a client that stalls longer gets 408.</summary>
    public TimeSpan BodyReadTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Context length (tokens) assumed for models without an entry in <see cref="ContextLengths"/>; 0 = unknown.</summary>
    public int DefaultContextLength { get; set; }

    /// <summary>Context length per model (worker name or alias); token limits above it are refused.</summary>
    public List<ModelContextLength> ContextLengths { get; set; } = [];
}
