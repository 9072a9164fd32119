namespace OllamaSim.Generation;

/// <summary>
/// Splits text into token-like pieces (a word with its leading space, or one punctuation character) — what a
/// stream sends per line, and the simulator's token count.
/// </summary>
public static class TokenPieces
{
    const int MaxWordPiece = 10;

    public static List<string> Split(string text)
    {
        var pieces = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            if (i < text.Length)
            {
                if (char.IsLetterOrDigit(text[i]))
                {
                    var wordStart = i;
                    while (i < text.Length && char.IsLetterOrDigit(text[i]) && i - wordStart < MaxWordPiece) i++;
                }
                else
                    i += char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1;
            }
            pieces.Add(text[start..i]);
        }
        return pieces;
    }

    public static int Count(string? text) => string.IsNullOrEmpty(text) ? 0 : Split(text).Count;
}
