namespace ModelGateway.Transforms.OpenAI;

/// <summary><c>stream_options</c>; <c>include_obfuscation</c> is ignored (no padding is ever sent).</summary>
internal sealed class OpenAIStreamOptionsBody
{
    public bool? IncludeUsage { get; set; }
}
