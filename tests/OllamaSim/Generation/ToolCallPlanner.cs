using System.Text.Json;
using System.Text.Json.Nodes;
using OllamaSim.Requests;

namespace OllamaSim.Generation;

/// <summary>
/// Decides whether the reply is a tool call. Rule (documented in docs/simulator.md): the request has tools and
/// its last message is from the user; every tool whose name the message contains (case-insensitive, <c>_</c> and
/// <c>-</c> may be spaces) is called; if none is named, the first tool with a keyword (a word of 4+ letters from
/// its name or description) in the message is called. Arguments hold the schema's required properties (all
/// properties when none are required) filled from the message.
/// </summary>
public static class ToolCallPlanner
{
    const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static List<ToolCallOut>? Plan(CompletionRequest request, PromptFacts facts, bool withIds)
    {
        if (request.Tools.Count == 0 || request.Messages.Count == 0 || request.Messages[^1].Role != "user") return null;
        var chosen = request.Tools.Where(t => t.Name.Length > 0 && IsNamed(t.Name, facts)).ToList();
        if (chosen.Count == 0 && request.Tools.FirstOrDefault(t => Keywords(t).Any(facts.MentionsWord)) is { } byKeyword)
            chosen.Add(byKeyword);
        if (chosen.Count == 0) return null;
        return chosen.Select((tool, index) => new ToolCallOut(
            withIds ? NewId() : null,
            index,
            tool.Name,
            Arguments(tool, facts))).ToList();
    }

    static bool IsNamed(string name, PromptFacts facts) =>
        facts.Mentions(name) || facts.Mentions(name.Replace('_', ' ').Replace('-', ' '));

    static IEnumerable<string> Keywords(ToolSpec tool) =>
        SplitWords(tool.Name).Concat(SplitWords(tool.Description))
            .Where(w => w.Length >= 4 && !Vocabulary.StopWords.Contains(w));

    static IEnumerable<string> SplitWords(string text)
    {
        var word = new System.Text.StringBuilder();
        foreach (var c in text + " ")
        {
            // snake_case, kebab-case and camelCase all split into words.
            if (!char.IsLetterOrDigit(c) || (char.IsUpper(c) && word.Length > 0 && char.IsLower(word[^1])))
            {
                if (word.Length > 0) yield return word.ToString();
                word.Clear();
            }
            if (char.IsLetterOrDigit(c)) word.Append(c);
        }
    }

    static JsonObject Arguments(ToolSpec tool, PromptFacts facts)
    {
        if (tool.Parameters is not { } schema) return new JsonObject();
        return new JsonValueSynthesizer(facts, requiredOnly: true).ForSchema(schema) as JsonObject ?? new JsonObject();
    }

    static string NewId() => "call_" + string.Create(8, 0, (span, _) =>
    {
        for (var i = 0; i < span.Length; i++) span[i] = IdAlphabet[Random.Shared.Next(IdAlphabet.Length)];
    });
}
