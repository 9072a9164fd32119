using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using OllamaSim.Configuration;
using OllamaSim.Models;
using OllamaSim.Requests;

namespace OllamaSim.Generation;

/// <summary>
/// Turns a validated request into a <see cref="ReplyPlan"/>. Everything is a pure function of the request:
/// the last user message (or prompt), <c>options.seed</c>, and the simulator's settings — so the same request
/// always gets the same text, and another seed another text.
/// </summary>
public sealed class ReplyPlanner(SimulatorOptions options, ServerVersion version)
{
    static readonly JsonSerializerOptions ContentJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public ReplyPlan Plan(CompletionRequest request, InstalledModel model)
    {
        var seed = unchecked((ulong)request.Options.Seed);
        var source = SourceText(request);
        var facts = new PromptFacts(source, seed);
        var random = new StableRandom(StableHash.Of(source, seed));

        var thinking = ThinkingEnabled(request, model)
            ? $"The user wrote \"{Snippet(source)}\". " + Sentence(ref random, Math.Max(3, options.ReplyTokens / 2))
            : "";
        var toolCalls = request.Kind == CompletionKind.Chat ? ToolCallPlanner.Plan(request, facts, version.HasToolCallIds) : null;
        var content = toolCalls != null ? "" : Content(request, facts, ref random);

        var pieces = new List<ReplyPiece>();
        foreach (var t in TokenPieces.Split(thinking)) pieces.Add(new ReplyPiece("", t));
        var contentPieces = TokenPieces.Split(content);
        var doneReason = "stop";
        var cut = StopCut(content, request.Options.Stop);
        if (cut >= 0) contentPieces = TokenPieces.Split(content[..cut]);
        var logprobRandom = new StableRandom(StableHash.Of(content, seed));
        foreach (var c in contentPieces)
            pieces.Add(new ReplyPiece(c, Logprob: WantsLogprobs(request) ? Logprob(c, request.TopLogprobs, ref logprobRandom) : null));
        if (request.Options.NumPredict > 0 && pieces.Count > request.Options.NumPredict)
        {
            pieces.RemoveRange((int)request.Options.NumPredict, pieces.Count - (int)request.Options.NumPredict);
            doneReason = "length";
        }
        var evalCount = pieces.Count;
        if (toolCalls != null)
        {
            pieces.Add(new ReplyPiece("", ToolCalls: toolCalls));
            evalCount += toolCalls.Sum(c => 4 + TokenPieces.Count(c.Name) + TokenPieces.Count(c.Arguments.ToJsonString()));
        }
        var promptTokens = PromptTokens(request);
        return new ReplyPlan
        {
            Pieces = pieces,
            DoneReason = doneReason,
            PromptTokens = promptTokens,
            EvalCount = evalCount,
            Context = request.Kind == CompletionKind.Generate && !request.Raw ? Context(source, pieces) : null,
        };
    }

    public static bool ThinkingEnabled(CompletionRequest request, InstalledModel model) =>
        model.Has(Capability.Thinking) && (!request.Think.Present || request.Think.Enabled);

    bool WantsLogprobs(CompletionRequest request) => version.HasLogprobs && (request.Logprobs || request.TopLogprobs > 0);

    /// <summary>The text a reply is derived from: the last user message (chat) or the prompt (generate).</summary>
    static string SourceText(CompletionRequest request)
    {
        if (request.Kind == CompletionKind.Generate) return request.Prompt;
        for (var i = request.Messages.Count - 1; i >= 0; i--)
            if (request.Messages[i].Role == "user") return request.Messages[i].Content;
        return request.Messages.Count > 0 ? request.Messages[^1].Content : "";
    }

    string Content(CompletionRequest request, PromptFacts facts, ref StableRandom random)
    {
        if (request.Kind == CompletionKind.Chat && request.Messages is [.., { Role: "tool" }])
            return ToolResultReply(request.Messages);
        var sentence = Sentence(ref random, options.ReplyTokens);
        switch (request.Format.Kind)
        {
            case FormatKind.Json:
                return JsonValueSynthesizer.FreeObject(facts, sentence).ToJsonString(ContentJson);
            case FormatKind.Schema:
                var value = new JsonValueSynthesizer(facts, requiredOnly: false).ForSchema(request.Format.Schema);
                return value?.ToJsonString(ContentJson) ?? "null";
        }
        var images = request.TotalImages;
        return images > 0 ? $"I see {images} image{(images == 1 ? "" : "s")}. {sentence}" : sentence;
    }

    /// <summary>After tool results the reply quotes them, so a client can see its tool output was used.</summary>
    static string ToolResultReply(IReadOnlyList<ChatMessage> messages)
    {
        var results = new List<ChatMessage>();
        for (var i = messages.Count - 1; i >= 0 && messages[i].Role == "tool"; i--) results.Insert(0, messages[i]);
        var parts = results.Select(r => $"{(string.IsNullOrEmpty(r.ToolName) ? "the tool" : r.ToolName)} returned \"{r.Content}\"");
        return "According to the tool results, " + string.Join("; ", parts) + ".";
    }

    /// <summary>A sentence of exactly <paramref name="tokens"/> pieces: words and a final full stop.</summary>
    static string Sentence(ref StableRandom random, int tokens)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < Math.Max(1, tokens - 1); i++)
        {
            var word = Vocabulary.Words[random.Next(Vocabulary.Words.Length)];
            if (i == 0) sb.Append(char.ToUpperInvariant(word[0])).Append(word.AsSpan(1));
            else sb.Append(' ').Append(word);
        }
        return sb.Append('.').ToString();
    }

    static string Snippet(string source)
    {
        var words = source.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', words.Take(6));
    }

    static int StopCut(string content, IReadOnlyList<string> stops)
    {
        var cut = -1;
        foreach (var stop in stops)
        {
            if (stop.Length == 0) continue;
            var at = content.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (cut < 0 || at < cut)) cut = at;
        }
        return cut;
    }

    static TokenLogprob Logprob(string token, int top, ref StableRandom random)
    {
        var logprob = -Math.Round((random.Next() % 2000) / 1000.0 + 0.0001, 4);
        var alternatives = new List<(string, double)>();
        if (top > 0)
        {
            alternatives.Add((token, logprob));
            for (var i = 1; i < top; i++)
                alternatives.Add((" " + Vocabulary.Words[random.Next(Vocabulary.Words.Length)], logprob - i - (random.Next() % 1000) / 1000.0));
        }
        return new TokenLogprob(token, logprob, alternatives);
    }

    static int PromptTokens(CompletionRequest request)
    {
        var tokens = request.Kind == CompletionKind.Chat
            ? request.Messages.Sum(m => TokenPieces.Count(m.Content) + 4) + 2
            : TokenPieces.Count(request.System) + TokenPieces.Count(request.Prompt) + TokenPieces.Count(request.Suffix) + 6;
        tokens += request.TotalImages * 576; // a typical image embedding size (llava: 576 patches)
        tokens += request.Tools.Sum(t => 10 + TokenPieces.Count(t.Name) + TokenPieces.Count(t.Description) + TokenPieces.Count(t.Parameters?.GetRawText()));
        return Math.Max(1, tokens);
    }

    static List<int> Context(string prompt, IReadOnlyList<ReplyPiece> pieces)
    {
        var ids = new List<int> { 128006, 882, 128007, 271 };
        foreach (var p in TokenPieces.Split(prompt)) ids.Add(TokenId(p));
        ids.AddRange([128009, 128006, 78191, 128007, 271]);
        foreach (var p in pieces) ids.Add(TokenId(p.Content + p.Thinking));
        return ids;
    }

    static int TokenId(string piece) => 1000 + (int)(StableHash.Of(piece) % 120000);
}
