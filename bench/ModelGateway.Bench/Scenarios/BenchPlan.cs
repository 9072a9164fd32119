using ModelGateway.Bench.Processes;

namespace ModelGateway.Bench.Scenarios;

/// <summary>
/// The sizes of a run. The full plan is the published benchmark; the smoke plan keeps every phase and target but
/// with tiny counts, so a test can prove the harness and every target still work in a few seconds.
/// </summary>
public sealed record BenchPlan(
    bool Smoke,
    int Rounds,
    IReadOnlyList<LoadScenario> Scenarios,
    TimeSpan WarmUp,
    int OpenStreams,
    UpstreamProfile Trickle,
    TimeSpan OpenStreamsRamp,
    TimeSpan OpenStreamsTimeLimit,
    TimeSpan FeatureDuration,
    int FeatureMaxRequests)
{
    public static readonly UpstreamProfile SmokeRealistic = new("realistic", "realistic:1b", 8, 50, 20);

    public IEnumerable<UpstreamProfile> Upstreams =>
        Scenarios.Select(s => s.Upstream).Append(Trickle).DistinctBy(u => u.Name);

    public static BenchPlan Full(int openStreams) => new(
        Smoke: false,
        Rounds: 3,
        Scenarios:
        [
            new("short-c1", UpstreamProfile.Short, false, 1, TimeSpan.FromSeconds(4), 1_000_000),
            new("short-c16", UpstreamProfile.Short, false, 16, TimeSpan.FromSeconds(4), 1_000_000),
            new("short-c64", UpstreamProfile.Short, false, 64, TimeSpan.FromSeconds(4), 1_000_000),
            new("stream-c64", UpstreamProfile.Long, true, 64, TimeSpan.FromSeconds(4), 1_000_000),
            // Callers start spread over one stream's length (~4 s), so the 256 streams are in every stage at once.
            new("realistic-c256", UpstreamProfile.Realistic, true, 256, TimeSpan.FromSeconds(12), 1_000_000, TimeSpan.FromSeconds(4)),
        ],
        // Tiered compilation on a busy pinned core needs tens of seconds of load before the hot paths run optimised code.
        WarmUp: TimeSpan.FromSeconds(10),
        OpenStreams: openStreams,
        // 25 tokens a second apart: every stream stays open ~25 s, long enough for the 10 s ramp to have them all open.
        Trickle: UpstreamProfile.Trickle(25, 1000),
        OpenStreamsRamp: TimeSpan.FromSeconds(10),
        OpenStreamsTimeLimit: TimeSpan.FromSeconds(90),
        FeatureDuration: TimeSpan.FromSeconds(4),
        FeatureMaxRequests: 1_000_000);

    public static BenchPlan SmokeTest() => new(
        Smoke: true,
        Rounds: 1,
        Scenarios:
        [
            new("short-c1", UpstreamProfile.Short, false, 1, TimeSpan.FromSeconds(2), 5),
            new("short-c16", UpstreamProfile.Short, false, 16, TimeSpan.FromSeconds(2), 32),
            new("short-c64", UpstreamProfile.Short, false, 64, TimeSpan.FromSeconds(2), 64),
            new("stream-c64", UpstreamProfile.Long, true, 64, TimeSpan.FromSeconds(2), 64),
            new("realistic-c256", SmokeRealistic, true, 32, TimeSpan.FromSeconds(1), 32, TimeSpan.FromMilliseconds(100)),
        ],
        WarmUp: TimeSpan.Zero,
        OpenStreams: 20,
        Trickle: UpstreamProfile.Trickle(3, 100),
        OpenStreamsRamp: TimeSpan.FromMilliseconds(200),
        OpenStreamsTimeLimit: TimeSpan.FromSeconds(20),
        FeatureDuration: TimeSpan.FromSeconds(1),
        FeatureMaxRequests: 8);
}
