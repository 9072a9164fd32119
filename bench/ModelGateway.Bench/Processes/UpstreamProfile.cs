namespace ModelGateway.Bench.Processes;

/// <summary>
/// One simulated worker and the model it serves; every scenario talks to its own simulator so delays and reply
/// lengths never mix. The model name doubles as the gateway's route to that simulator.
/// </summary>
public sealed record UpstreamProfile(string Name, string Model, int ReplyTokens, int FirstTokenMs, int TokenMs)
{
    public static readonly UpstreamProfile Short = new("short", "short:1b", 12, 0, 0);
    public static readonly UpstreamProfile Long = new("long", "long:1b", 200, 0, 0);
    public static readonly UpstreamProfile Realistic = new("realistic", "realistic:1b", 200, 50, 20);

    /// <summary>Slow trickle for the open-streams phase: the stream lasts <paramref name="tokens"/> × <paramref name="tokenMs"/>.</summary>
    public static UpstreamProfile Trickle(int tokens, int tokenMs) => new("trickle", "trickle:1b", tokens, 0, tokenMs);

    public IEnumerable<string> SimulatorArgs(int port) =>
    [
        "--port", port.ToString(), "--models", Model, "--preload", "*", "--quiet",
        "--reply-tokens", ReplyTokens.ToString(), "--ttft-ms", FirstTokenMs.ToString(), "--token-ms", TokenMs.ToString(),
        // Enough slots that the simulator never queues: the benchmark measures proxies, not a worker's scheduling.
        "--parallel", "10000", "--max-queue", "20000",
        // The first token says when the request arrived and when the token left, so the client can take the
        // simulator's timer jitter out of the time to first token.
        "--stamp-first-token",
    ];
}
