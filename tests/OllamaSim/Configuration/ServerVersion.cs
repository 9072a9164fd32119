namespace OllamaSim.Configuration;

/// <summary>The Ollama release being imitated (<c>--version</c>) and the wire features that depend on it (ollama-api.md §20).</summary>
public sealed class ServerVersion(string text)
{
    public string Text { get; } = text;
    public Version Value { get; } = CommandLine.ParseVersion(text);

    bool AtLeast(int minor, int patch) => Value >= new Version(0, minor, patch);

    public bool HasThink => AtLeast(9, 0);
    public bool HasThinkLevels => AtLeast(11, 1);
    public bool HasThinkMax => AtLeast(22, 0);
    public bool AlwaysWritesToolIndex => AtLeast(12, 6);
    public bool HasToolCallIds => AtLeast(12, 10);
    public bool HasLogprobs => AtLeast(12, 11);
    public bool ShowHasCapabilities => AtLeast(6, 4);
    public bool PsHasContextLength => AtLeast(10, 0);
    public bool EmbedHasDimensions => AtLeast(11, 11);
    public bool TagsHaveCapabilities => AtLeast(30, 0);
}
