using OllamaSim.Faults;
using OllamaSim.Models;

namespace OllamaSim.Configuration;

/// <summary>Everything the command line sets; see docs/simulator.md for the meaning of each flag.</summary>
public sealed class SimulatorOptions
{
    public const string DefaultModels = "llama3.2:3b,qwen3:8b=completion|tools|thinking,llava:7b=completion|vision,all-minilm:latest=embedding";

    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 11434;
    public int? ControlPort { get; set; }
    public string Version { get; set; } = "0.12.10";
    public string? Name { get; set; }
    public List<(ModelName Name, Capability Caps)> Models { get; set; } = [];
    /// <summary>Display names to load at start; <c>*</c> means all.</summary>
    public List<string> Preload { get; set; } = [];
    public TimeSpan LoadTime { get; set; }
    public TimeSpan TimeToFirstToken { get; set; }
    public TimeSpan TimeBetweenTokens { get; set; }
    public int ReplyTokens { get; set; } = 12;
    public int Parallel { get; set; } = 1;
    public int MaxQueue { get; set; } = 512;
    public int EmbeddingDimensions { get; set; } = 384;
    public TimeSpan DefaultKeepAlive { get; set; } = TimeSpan.FromMinutes(5);
    public FaultSettings Faults { get; set; } = FaultSettings.None;
    /// <summary>Refuse connections from the start: null = no, <see cref="Timeout.InfiniteTimeSpan"/> = until told otherwise.</summary>
    public TimeSpan? RefuseAtStart { get; set; }
    public bool Quiet { get; set; }

    /// <summary>The first streamed token carries when the request arrived and when that token left (benchmarks).</summary>
    public bool StampFirstToken { get; set; }

    public string WorkerName => Name ?? $"sim-{Port}";
}
