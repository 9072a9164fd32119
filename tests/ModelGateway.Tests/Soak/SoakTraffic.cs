using static ModelGateway.Tests.Soak.SoakFleet;

namespace ModelGateway.Tests.Soak;

/// <summary>
/// The soak's clients: about twenty concurrent callers, each sending its kind of request in a loop until the round
/// ends, so every path of the gateway runs at the same time as every other (and as the faults and restarts).
/// Each round uses a fresh HTTP client that is disposed at its end, so the gateway's connections can be counted back down.
/// </summary>
public sealed class SoakTraffic
{
    readonly string _baseUrl;

    public SoakTraffic(string baseUrl) => _baseUrl = baseUrl;

    /// <summary>A kind of client: how many run at once, what each sends next, and how long it pauses in between.</summary>
    sealed record Caller(string Name, int Count, Func<int, SoakCall> Next, TimeSpan Pause);

    static readonly TimeSpan RefusedPause = TimeSpan.FromMilliseconds(250);

    static readonly string[] CachedPrompts = ["what is a river", "what is a lake", "what is the sea"];

    static readonly Caller[] Callers =
    [
        new("ollama chat stream", 3, _ => new("/api/chat", SoakBodies.ApiChat(ChatModel, stream: true), MainKey, SoakReply.Ndjson), TimeSpan.Zero),
        new("ollama generate", 2, i => new("/api/generate", SoakBodies.ApiGenerate(ChatModel, stream: i % 3 == 0), MainKey, i % 3 == 0 ? SoakReply.Ndjson : SoakReply.Json), TimeSpan.Zero),
        new("openai chat", 2, i => new("/v1/chat/completions", SoakBodies.V1Chat(ChatModel, stream: i % 2 == 0), MainKey, i % 2 == 0 ? SoakReply.Sse : SoakReply.Json), TimeSpan.Zero),
        new("openai completions", 1, i => new("/v1/completions", SoakBodies.V1Completion(ChatModel, stream: i % 2 == 1), MainKey, i % 2 == 1 ? SoakReply.Sse : SoakReply.Json), TimeSpan.Zero),
        new("embeddings", 1, i => i % 2 == 0
            ? new("/v1/embeddings", SoakBodies.V1Embeddings(EmbedModel), MainKey, SoakReply.Json)
            : new("/api/embed", SoakBodies.ApiEmbed(EmbedModel), MainKey, SoakReply.Json), TimeSpan.FromMilliseconds(20)),
        new("openai passthrough", 1, i => new("/v1/chat/completions", SoakBodies.V1Chat(OpenAIModel, stream: i % 2 == 0), MainKey, i % 2 == 0 ? SoakReply.Sse : SoakReply.Json), TimeSpan.FromMilliseconds(20)),
        new("leaves mid-stream", 2, i => i % 2 == 0
            ? new("/api/chat", SoakBodies.ApiChat(ChatModel, stream: true), MainKey, SoakReply.Ndjson) { LeaveAfterFirstChunk = true }
            : new("/v1/chat/completions", SoakBodies.V1Chat(ChatModel, stream: true), MainKey, SoakReply.Sse) { LeaveAfterFirstChunk = true }, TimeSpan.Zero),
        new("capacity-1 worker", 2, i => new("/api/generate", SoakBodies.ApiGenerate(SoloModel, stream: i % 2 == 0), i % 2 == 0 ? MainKey : NarrowKey,
            i % 2 == 0 ? SoakReply.Ndjson : SoakReply.Json), TimeSpan.Zero),
        new("leaves mid-queue", 1, i => new("/v1/chat/completions", SoakBodies.V1Chat(SoloModel, stream: i % 2 == 0), MainKey, i % 2 == 0 ? SoakReply.Sse : SoakReply.Json)
            { LeaveAfter = TimeSpan.FromMilliseconds(50 + (i * 137 % 500)) }, TimeSpan.Zero),
        new("request budget", 1, _ => new("/api/generate", SoakBodies.ApiGenerate(ChatModel, stream: false), RequestLimitedKey, SoakReply.Json), TimeSpan.FromMilliseconds(150)),
        new("token budget", 1, i => new("/v1/chat/completions", SoakBodies.V1Chat(ChatModel, stream: i % 2 == 0), TokenLimitedKey, i % 2 == 0 ? SoakReply.Sse : SoakReply.Json), TimeSpan.FromMilliseconds(150)),
        new("cache", 1, i => i % 2 == 0
            ? new("/api/chat", SoakBodies.ApiChat(ChatModel, stream: i % 4 == 0, CachedPrompts[i / 2 % 3], deterministic: true), MainKey, i % 4 == 0 ? SoakReply.Ndjson : SoakReply.Json)
            : new("/v1/chat/completions", SoakBodies.V1Chat(ChatModel, stream: false, CachedPrompts[i / 2 % 3], deterministic: true), MainKey, SoakReply.Json), TimeSpan.FromMilliseconds(50)),
        new("fallback", 1, i => i % 2 == 0
            ? new("/api/chat", SoakBodies.ApiChat(GoneModel, stream: i % 4 == 0), MainKey, i % 4 == 0 ? SoakReply.Ndjson : SoakReply.Json)
            : new("/v1/chat/completions", SoakBodies.V1Chat(GoneModel, stream: i % 4 == 1), MainKey, i % 4 == 1 ? SoakReply.Sse : SoakReply.Json), TimeSpan.FromMilliseconds(50)),
        new("bad requests", 1, i => (i % 6) switch
        {
            0 => new("/api/generate", SoakBodies.Oversized(ChatModel), MainKey, SoakReply.Json),
            1 => new("/v1/chat/completions", SoakBodies.Truncated(ChatModel), MainKey, SoakReply.Json),
            2 => new("/api/chat", SoakBodies.Truncated(ChatModel), MainKey, SoakReply.Json),
            3 => new("/api/chat", SoakBodies.ApiChat("no-such-model:1b", stream: false), MainKey, SoakReply.Json),
            4 => new("/api/chat", SoakBodies.ApiChat(ChatModel, stream: false), "sk-mg-not-a-key", SoakReply.Json),
            _ => new("/v1/chat/completions", SoakBodies.V1Chat(ChatModel, stream: false), NarrowKey, SoakReply.Json),
        }, TimeSpan.FromMilliseconds(30)),
    ];

    /// <summary>Runs every caller until <paramref name="duration"/> is over and every request it started has ended.</summary>
    public async Task<SoakTally> RunAsync(TimeSpan duration)
    {
        var tally = new SoakTally();
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = int.MaxValue }) { Timeout = Timeout.InfiniteTimeSpan };
        var end = DateTime.UtcNow + duration;
        var loops = Callers.SelectMany(c => Enumerable.Range(0, c.Count).Select(n => LoopAsync(http, c, n, end, tally))).ToList();
        loops.Add(BurstsAsync(http, end, tally));
        await Task.WhenAll(loops);
        return tally;
    }

    async Task LoopAsync(HttpClient http, Caller caller, int index, DateTime end, SoakTally tally)
    {
        // Callers of a kind start apart so they do not move in lockstep.
        await Task.Delay(index * 37);
        for (var i = index; DateTime.UtcNow < end; i += caller.Count)
        {
            var outcome = await SendAsync(http, caller.Next(i), tally);
            // Turned away for load or budget: back off as a client reading Retry-After would, if not for as long.
            var pause = outcome is "error-503" or "error-429" ? RefusedPause : caller.Pause;
            if (pause > TimeSpan.Zero) await Task.Delay(pause);
        }
    }

    /// <summary>Eight requests at once for the Capacity-1 worker, whose queue holds four: some are turned away at once (503).</summary>
    async Task BurstsAsync(HttpClient http, DateTime end, SoakTally tally)
    {
        for (var round = 0; DateTime.UtcNow < end; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, 8).Select(i => SendAsync(http,
                new SoakCall("/api/chat", SoakBodies.ApiChat(SoloModel, stream: i % 2 == 0), MainKey, i % 2 == 0 ? SoakReply.Ndjson : SoakReply.Json)
                    { LeaveAfter = i == 7 ? TimeSpan.FromMilliseconds(200 + round % 5 * 100) : null }, tally)));
            await Task.Delay(1500);
        }
    }

    async Task<string> SendAsync(HttpClient http, SoakCall call, SoakTally tally)
    {
        tally.CountSent();
        var (outcome, detail) = await call.RunAsync(http, _baseUrl);
        tally.Add(outcome, detail);
        return outcome;
    }
}
