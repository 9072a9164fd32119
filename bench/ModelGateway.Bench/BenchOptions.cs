using System.Globalization;
using ModelGateway.Bench.Scenarios;

namespace ModelGateway.Bench;

/// <summary>Command-line options of the benchmark program (bench/run.sh fills in the paths).</summary>
public sealed class BenchOptions
{
    public required string GatewayDll { get; init; }
    public required string FloorDll { get; init; }
    public required string SimulatorDll { get; init; }
    public required string ProfilesDir { get; init; }
    public required string OutDir { get; init; }
    public bool Smoke { get; init; }
    public bool Pin { get; init; } = true;
    public int OpenStreams { get; init; } = 10_000;
    public int? Rounds { get; init; }
    public bool Features { get; init; } = true;

    /// <summary>Which parts run: load (the scenario rounds), open (many open streams), features.</summary>
    public IReadOnlySet<string> Phases { get; init; } = new HashSet<string> { "load", "open", "features" };

    /// <summary>Only these load scenarios (by name, e.g. realistic-c256); null runs them all.</summary>
    public IReadOnlySet<string>? Scenarios { get; init; }
    public string? NginxBinary { get; init; }
    public string Commit { get; init; } = "unknown";

    public const string Usage = """
        usage: ModelGateway.Bench --gateway-dll <path> --floor-dll <path> --simulator-dll <path> --profiles <dir> [--out <dir>]
                                  [--smoke] [--no-pin] [--open-streams 10000] [--rounds 3] [--no-features]
                                  [--nginx <path>] [--commit <sha>] [--phases load,open,features]
                                  [--scenarios short-c1,short-c16,short-c64,stream-c64,realistic-c256]
        """;

    public static BenchOptions Parse(string[] args)
    {
        string? gateway = null, floor = null, simulator = null, profiles = null, output = null, nginx = null, commit = null;
        bool smoke = false, pin = true, features = true;
        int openStreams = 10_000;
        int? rounds = null;
        var phases = new HashSet<string> { "load", "open", "features" };
        HashSet<string>? scenarios = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--gateway-dll": gateway = Value(); break;
                case "--floor-dll": floor = Value(); break;
                case "--simulator-dll": simulator = Value(); break;
                case "--profiles": profiles = Value(); break;
                case "--out": output = Value(); break;
                case "--nginx": nginx = Value(); break;
                case "--commit": commit = Value(); break;
                case "--smoke": smoke = true; break;
                case "--no-pin": pin = false; break;
                case "--no-features": features = false; break;
                case "--open-streams": openStreams = Positive(args[i], Value()); break;
                case "--rounds": rounds = Positive(args[i], Value()); break;
                case "--phases":
                    phases = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
                    if (phases.Count == 0 || phases.Except(["load", "open", "features"]).Any()) throw new FormatException("--phases takes a comma-separated subset of load,open,features");
                    break;
                case "--scenarios":
                    scenarios = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
                    var known = BenchPlan.Full(1).Scenarios.Select(s => s.Name).ToList();
                    if (scenarios.Count == 0 || scenarios.Except(known).Any())
                        throw new FormatException($"--scenarios takes a comma-separated subset of {string.Join(",", known)}");
                    break;
                default: throw new FormatException($"unknown option {args[i]}");
            }
        }
        return new BenchOptions
        {
            GatewayDll = Existing("--gateway-dll", gateway),
            FloorDll = Existing("--floor-dll", floor),
            SimulatorDll = Existing("--simulator-dll", simulator),
            ProfilesDir = profiles is not null && Directory.Exists(profiles) ? Path.GetFullPath(profiles) : throw new FormatException("--profiles must name the bench/profiles directory"),
            OutDir = Path.GetFullPath(output ?? Path.Combine("artifacts", "bench", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture))),
            Smoke = smoke,
            Pin = pin,
            OpenStreams = openStreams,
            Rounds = rounds,
            Features = features,
            Phases = phases,
            Scenarios = scenarios,
            NginxBinary = nginx,
            Commit = commit ?? "unknown",
        };
    }

    static string Existing(string flag, string? path)
        => path is not null && File.Exists(path) ? Path.GetFullPath(path) : throw new FormatException($"{flag} must name an existing file (got '{path}')");

    static int Positive(string flag, string text)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new FormatException($"{flag} must be a positive integer");
}
