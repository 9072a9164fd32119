namespace OllamaSim.Generation;

/// <summary>
/// Deterministic embeddings: the sum of one pseudo-random vector per (lower-cased) word, so texts sharing words
/// point in similar directions — good enough for semantic-search demos — and the same text always maps to the
/// same vector.
/// </summary>
public static class EmbeddingSynthesizer
{
    /// <summary>The raw (not normalised) vector, as the legacy /api/embeddings returns.</summary>
    public static double[] Raw(string text, int dimensions)
    {
        var vector = new double[dimensions];
        var words = new PromptFacts(text, 0).Words;
        IEnumerable<string> keys = words.Count > 0 ? words.Select(w => w.ToLowerInvariant()) : [text];
        foreach (var key in keys)
        {
            var random = new StableRandom(StableHash.Of(key));
            for (var i = 0; i < dimensions; i++) vector[i] += random.NextSigned();
        }
        return vector;
    }

    /// <summary>L2-normalised float32 vector, optionally truncated to <paramref name="keep"/> dimensions first.</summary>
    public static float[] Normalized(string text, int dimensions, int? keep = null)
    {
        var raw = Raw(text, dimensions);
        var n = keep is > 0 && keep < dimensions ? keep.Value : dimensions;
        double norm = 0;
        for (var i = 0; i < n; i++) norm += raw[i] * raw[i];
        norm = Math.Sqrt(norm);
        var result = new float[n];
        for (var i = 0; i < n; i++) result[i] = norm > 0 ? (float)(raw[i] / norm) : 0f;
        return result;
    }
}
