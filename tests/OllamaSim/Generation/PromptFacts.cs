using System.Globalization;
using System.Text.RegularExpressions;

namespace OllamaSim.Generation;

/// <summary>
/// What generated values are derived from: the words and numbers of the prompt. Strings prefer capitalised words
/// that do not start the text ("Paris" in "What is the weather in Paris?"), then other content words.
/// </summary>
public sealed partial class PromptFacts
{
    public string Text { get; }
    public IReadOnlyList<string> Words { get; }
    public IReadOnlyList<string> Names { get; }
    public IReadOnlyList<double> Numbers { get; }
    public ulong Seed { get; }

    public PromptFacts(string text, ulong seed)
    {
        Text = text;
        Seed = seed;
        var words = WordPattern().Matches(text).Select(m => m.Value).ToList();
        Words = words;
        var names = new List<string>();
        for (var i = 1; i < words.Count; i++)
            if (char.IsUpper(words[i][0]) && words[i] != "I" && !Vocabulary.StopWords.Contains(words[i]) && !names.Contains(words[i]))
                names.Add(words[i]);
        foreach (var w in words)
            if (w.Length >= 3 && !char.IsDigit(w[0]) && !Vocabulary.StopWords.Contains(w) && !names.Contains(w, StringComparer.OrdinalIgnoreCase))
                names.Add(w);
        Names = names;
        Numbers = NumberPattern().Matches(text)
            .Select(m => double.Parse(m.Value, CultureInfo.InvariantCulture)).ToList();
    }

    /// <summary>The k-th string candidate, or a vocabulary word when the prompt has none.</summary>
    public string StringAt(int k) =>
        Names.Count > 0 ? Names[k % Names.Count] : Vocabulary.Words[(int)((Seed + (ulong)k) % (ulong)Vocabulary.Words.Length)];

    public double? NumberAt(int k) => Numbers.Count > 0 ? Numbers[k % Numbers.Count] : null;

    public bool Mentions(string phrase) => Text.Contains(phrase, StringComparison.OrdinalIgnoreCase);

    public bool MentionsWord(string word) => Words.Any(w => string.Equals(w, word, StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}_'-]*")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"-?\d+(?:\.\d+)?")]
    private static partial Regex NumberPattern();
}
