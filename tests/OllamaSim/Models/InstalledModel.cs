using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace OllamaSim.Models;

/// <summary>A model the simulator pretends to have on disk, with the metadata /api/tags and /api/show report.</summary>
public sealed partial class InstalledModel
{
    public ModelName Name { get; }
    public Capability Capabilities { get; }
    public DateTimeOffset ModifiedAt { get; }
    public string Family { get; }
    public string ParameterSize { get; }
    public long ParameterCount { get; }
    public string QuantizationLevel { get; }
    public long Size { get; }
    public string Digest { get; }
    public int ContextLength { get; }
    public int EmbeddingLength { get; }

    public InstalledModel(ModelName name, Capability capabilities, DateTimeOffset modifiedAt, int embeddingDimensions)
    {
        Name = name;
        Capabilities = capabilities;
        ModifiedAt = modifiedAt;
        var isEmbedding = capabilities.HasFlag(Capability.Embedding);
        Family = FamilyOf(name.Model, isEmbedding);
        (ParameterSize, ParameterCount) = SizeOf(name.Tag, isEmbedding);
        QuantizationLevel = isEmbedding ? "F16" : "Q4_K_M";
        // Roughly what a Q4 (or F16 for embedders) file of that many parameters weighs.
        Size = isEmbedding ? ParameterCount * 2 : ParameterCount * 6 / 10;
        Digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name.Key)));
        ContextLength = isEmbedding ? 512 : 4096;
        EmbeddingLength = isEmbedding ? embeddingDimensions : 3072;
    }

    public bool Has(Capability capability) => (Capabilities & capability) == capability;

    /// <summary>The same model under another name (what /api/copy and /api/create produce).</summary>
    public InstalledModel WithName(ModelName name, DateTimeOffset modifiedAt, int embeddingDimensions) =>
        new(name, Capabilities, modifiedAt, embeddingDimensions);

    static string FamilyOf(string model, bool isEmbedding)
    {
        var m = model.ToLowerInvariant();
        if (m.Contains("minilm")) return "bert";
        if (m.Contains("nomic")) return "nomic-bert";
        if (m.StartsWith("qwen2")) return "qwen2";
        if (m.StartsWith("qwen3")) return "qwen3";
        if (m.StartsWith("gemma")) return "gemma3";
        if (m.StartsWith("llama") || m.StartsWith("llava") || m.StartsWith("mistral") || m.StartsWith("codellama")) return "llama";
        var letters = new string(m.TakeWhile(char.IsAsciiLetter).ToArray());
        return letters.Length > 0 ? letters : isEmbedding ? "bert" : "llama";
    }

    static (string Label, long Count) SizeOf(string tag, bool isEmbedding)
    {
        var match = SizeTag().Match(tag);
        if (match.Success)
        {
            var value = double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var unit = char.ToUpperInvariant(match.Groups[2].Value[0]);
            var count = (long)(value * (unit == 'B' ? 1e9 : 1e6));
            return ($"{match.Groups[1].Value}{unit}", count);
        }
        return isEmbedding ? ("23M", 23_000_000) : ("3.2B", 3_200_000_000);
    }

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)([bBmM])(?:$|[-_])")]
    private static partial Regex SizeTag();
}
