namespace ModelGateway.Routing;

/// <summary>What a request needs from a model, as a virtual model's rules test it.</summary>
/// <param name="PromptTokens">An estimate: characters of prompt text / <see cref="CharactersPerToken"/>, rounded up.</param>
public readonly record struct RequestTraits(bool HasImages, bool HasTools, long PromptTokens)
{
    /// <summary>Roughly right for English text with the common tokenizers; the rate limiter's default BytesPerToken is the same.</summary>
    public const int CharactersPerToken = 4;

    public static RequestTraits Of(bool hasImages, bool hasTools, long promptCharacters)
        => new(hasImages, hasTools, (promptCharacters + CharactersPerToken - 1) / CharactersPerToken);
}
