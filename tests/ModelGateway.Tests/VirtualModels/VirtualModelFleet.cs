using System.Text.Json.Nodes;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.VirtualModels;

/// <summary>
/// One simulated Ollama serving every model, behind one cluster per model whose only worker is named after its role
/// (the X-ModelGateway-Worker header tells which model's cluster answered), and the virtual model <see cref="Auto"/>:
/// images → <see cref="Vision"/>, tools → <see cref="Tools"/>, prompts up to <see cref="ShortPromptTokens"/> tokens →
/// <see cref="Small"/>, anything else → <see cref="Big"/>. <see cref="AutoOpenAI"/> sends everything to a model on an
/// OpenAI-speaking cluster of the same simulator.
/// </summary>
internal sealed class VirtualModelFleet : IAsyncDisposable
{
    public const string Auto = "auto";
    public const string AutoOpenAI = "auto-oa";
    public const string Small = "llama3.2:3b";
    public const string Vision = "llava:13b";
    public const string Tools = "qwen2.5:7b";
    public const string Big = "llama3.1:70b";
    public const string OnOpenAI = "gemma2:2b";
    public const int ShortPromptTokens = 2000;

    VirtualModelFleet(SimulatorProcess simulator) => Simulator = simulator;

    public SimulatorProcess Simulator { get; }

    public static async Task<VirtualModelFleet> StartAsync()
        => new(await SimulatorProcess.StartAsync("--models", $"{Small},{Vision},{Tools},{Big},{OnOpenAI}", "--preload", "*", "--quiet"));

    /// <summary>The fleet, with <paramref name="catchAll"/> as the model of <see cref="Auto"/>'s last rule.</summary>
    public FleetConfig Config(string catchAll = Big)
    {
        var config = new FleetConfig();
        foreach (var (cluster, model) in new[] { ("small", Small), ("vision", Vision), ("tools", Tools), ("big", Big) })
            config.Cluster(cluster).Worker(cluster, cluster, Simulator.BaseUrl).Model(model, cluster);
        config.Cluster("openai", configure: c => c["Metadata"]!["Protocol"] = "openai").Worker("openai", "openai", Simulator.BaseUrl).Model(OnOpenAI, "openai");
        var models = (JsonArray)config.Root["Models"]!;
        models.Add(new JsonObject
        {
            ["Name"] = Auto,
            ["Routes"] = new JsonArray(
                new JsonObject { ["When"] = new JsonObject { ["HasImages"] = true }, ["Model"] = Vision },
                new JsonObject { ["When"] = new JsonObject { ["HasTools"] = true }, ["Model"] = Tools },
                new JsonObject { ["When"] = new JsonObject { ["MaxPromptTokens"] = ShortPromptTokens }, ["Model"] = Small },
                new JsonObject { ["Model"] = catchAll }),
        });
        models.Add(new JsonObject { ["Name"] = AutoOpenAI, ["Routes"] = new JsonArray(new JsonObject { ["Model"] = OnOpenAI }) });
        return config;
    }

    public static readonly string[] RealModels = [Small, Vision, Tools, Big, OnOpenAI];

    /// <summary>How many inference requests for <paramref name="model"/> the simulator has received.</summary>
    public async Task<long> ReceivedAsync(string model)
        => (await Simulator.GetStatsAsync()).ByModel.GetValueOrDefault(model);

    public ValueTask DisposeAsync() => Simulator.DisposeAsync();
}
