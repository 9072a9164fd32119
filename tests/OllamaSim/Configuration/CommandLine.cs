using System.Globalization;
using OllamaSim.Models;

namespace OllamaSim.Configuration;

/// <summary>
/// Parses <c>--flag value</c> arguments (also <c>--flag=value</c>) into <see cref="SimulatorOptions"/>.
/// A bad value throws <see cref="FormatException"/> naming the flag, so a typo never starts a misconfigured simulator.
/// </summary>
public static class CommandLine
{
    public const string Usage = """
        usage: OllamaSim [--host 127.0.0.1] [--port 11434] [--control-port N] [--version 0.12.10] [--name sim-<port>]
                         [--models name[=cap|cap],...] [--preload name,...|*] [--load-ms 0] [--ttft-ms 0]
                         [--token-ms 0 | --tokens-per-second N] [--reply-tokens 12] [--parallel 1] [--max-queue 512]
                         [--embedding-dim 384] [--keep-alive 5m] [--fail-rate 0] [--hang-rate 0] [--drop-rate 0]
                         [--slow-first-token-ms 0] [--refuse [ms]] [--quiet] [--stamp-first-token]
        capabilities: completion, tools, vision, thinking, embedding, insert (default completion|tools)
        """;

    public static SimulatorOptions Parse(IReadOnlyList<string> args)
    {
        var o = new SimulatorOptions();
        string? models = null;
        var faults = o.Faults;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inline = null;
            var eq = arg.IndexOf('=');
            if (arg.StartsWith("--") && eq > 0)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }
            string Value()
            {
                if (inline != null) return inline;
                if (i + 1 >= args.Count) throw new FormatException($"{arg} needs a value");
                return args[++i];
            }
            switch (arg)
            {
                case "--host": o.Host = Value(); break;
                case "--port": o.Port = Port(arg, Value()); break;
                case "--control-port": o.ControlPort = Port(arg, Value()); break;
                case "--version": o.Version = Value(); ParseVersion(o.Version); break;
                case "--name": o.Name = Value(); break;
                case "--models": models = Value(); break;
                case "--preload": o.Preload = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(); break;
                case "--load-ms": o.LoadTime = Millis(arg, Value()); break;
                case "--ttft-ms": o.TimeToFirstToken = Millis(arg, Value()); break;
                case "--token-ms": o.TimeBetweenTokens = Millis(arg, Value()); break;
                case "--tokens-per-second":
                    var tps = Number(arg, Value(), 0.001, 1e9);
                    o.TimeBetweenTokens = TimeSpan.FromSeconds(1 / tps);
                    break;
                case "--reply-tokens": o.ReplyTokens = (int)Number(arg, Value(), 1, 100_000); break;
                case "--parallel": o.Parallel = (int)Number(arg, Value(), 1, 10_000); break;
                case "--max-queue": o.MaxQueue = (int)Number(arg, Value(), 0, 1_000_000); break;
                case "--embedding-dim": o.EmbeddingDimensions = (int)Number(arg, Value(), 1, 65_536); break;
                case "--keep-alive":
                    if (!GoDuration.TryParse(Value(), out var keep, out var error)) throw new FormatException($"{arg}: {error}");
                    o.DefaultKeepAlive = keep;
                    break;
                case "--fail-rate": faults = faults with { FailRate = Number(arg, Value(), 0, 1) }; break;
                case "--hang-rate": faults = faults with { HangRate = Number(arg, Value(), 0, 1) }; break;
                case "--drop-rate": faults = faults with { DropRate = Number(arg, Value(), 0, 1) }; break;
                case "--slow-first-token-ms": faults = faults with { SlowFirstTokenMs = (int)Number(arg, Value(), 0, int.MaxValue) }; break;
                case "--refuse":
                case "--refuse-for-ms":
                    // The duration is optional for --refuse: a bare flag refuses until the control endpoint says otherwise.
                    if (inline == null && arg == "--refuse" && (i + 1 >= args.Count || args[i + 1].StartsWith("--")))
                        o.RefuseAtStart = Timeout.InfiniteTimeSpan;
                    else
                        o.RefuseAtStart = Millis(arg, Value());
                    break;
                case "--quiet": o.Quiet = true; break;
                case "--stamp-first-token": o.StampFirstToken = true; break;
                default: throw new FormatException($"unknown option '{args[i]}'");
            }
        }
        o.Faults = faults;
        o.Models = ParseModels(models ?? SimulatorOptions.DefaultModels);
        foreach (var p in o.Preload.Where(p => p != "*"))
            if (!ModelName.TryParse(p, out var name) || o.Models.All(m => m.Name.Key != name.Key))
                throw new FormatException($"--preload: '{p}' is not one of --models");
        if (o.ControlPort == o.Port) throw new FormatException("--control-port must differ from --port");
        return o;
    }

    public static List<(ModelName, Capability)> ParseModels(string list)
    {
        var result = new List<(ModelName, Capability)>();
        foreach (var entry in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = entry.IndexOf('=');
            var nameText = eq < 0 ? entry : entry[..eq];
            if (!ModelName.TryParse(nameText, out var name)) throw new FormatException($"--models: invalid model name '{nameText}'");
            Capability caps;
            try { caps = eq < 0 ? Capability.Completion | Capability.Tools : CapabilityNames.Parse(entry[(eq + 1)..]); }
            catch (FormatException e) { throw new FormatException($"--models: {nameText}: {e.Message}"); }
            if (caps == Capability.None) throw new FormatException($"--models: {nameText} has no capabilities");
            if (result.Any(r => r.Item1.Key == name.Key)) throw new FormatException($"--models: {name.Display} is listed twice");
            result.Add((name, caps));
        }
        return result;
    }

    /// <summary>"0.12.10", "0.33.0-rc2" → comparable version (pre-release suffix ignored).</summary>
    public static Version ParseVersion(string text)
    {
        var core = text.TrimStart('v').Split('-', '+')[0];
        if (!System.Version.TryParse(core.Count(c => c == '.') == 1 ? core + ".0" : core, out var v))
            throw new FormatException($"--version: '{text}' is not a version like 0.12.10");
        return v;
    }

    static int Port(string flag, string value) => (int)Number(flag, value, 1, 65535);

    static TimeSpan Millis(string flag, string value) => TimeSpan.FromMilliseconds(Number(flag, value, 0, int.MaxValue));

    static double Number(string flag, string value, double min, double max)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || double.IsNaN(n))
            throw new FormatException($"{flag}: '{value}' is not a number");
        if (n < min || n > max) throw new FormatException($"{flag}: {value} is outside {min}..{max}");
        return n;
    }
}
