using System.Text.Json.Nodes;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Validation.Gateway;

/// <summary>
/// One real gateway over one simulated Ollama worker for every test in this namespace, with small validation limits so
/// the bad bodies stay small. Started once, stopped by PID after the last test.
/// </summary>
[SetUpFixture]
public sealed class ValidationFleet
{
    public const int MaxContentCharacters = 1000;
    public const int MaxRequestBodyBytes = 65536;
    public static readonly TimeSpan BodyReadTimeout = TimeSpan.FromSeconds(2);

    static SimulatorProcess? _worker;
    static GatewayProcess? _gateway;

    public static GatewayProcess Gateway => _gateway ?? throw new InvalidOperationException("the validation fleet is not running");
    public static SimulatorProcess Worker => _worker ?? throw new InvalidOperationException("the validation fleet is not running");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _worker = await SimulatorProcess.StartAsync("--models", "llama3.2:3b,all-minilm:latest=embedding", "--quiet");
        var config = new FleetConfig()
            .Cluster("local").Worker("local", "worker-1", _worker.BaseUrl)
            .Model("llama3.2:3b", "local", "gpt-4o-mini")
            .Model("all-minilm", "local", "text-embedding-3-small")
            .Set("ModelRouting:DiscoverFromWorkers", false)
            .Set("Gateway:MaxRequestBodyBytes", MaxRequestBodyBytes)
            .Set("Validation:MaxMessages", 8)
            .Set("Validation:MaxContentCharacters", MaxContentCharacters)
            .Set("Validation:MaxTools", 4)
            .Set("Validation:MaxImages", 2)
            .Set("Validation:MaxEmbeddingInputs", 4)
            .Set("Validation:MaxJsonDepth", 16)
            .Set("Validation:MaxJsonArrayItems", 64)
            .Set("Validation:BodyReadTimeout", BodyReadTimeout.ToString("c"))
            .Set("Validation:ContextLengths", new JsonArray(new JsonObject { ["Model"] = "llama3.2:3b", ["Tokens"] = 4096 }));
        _gateway = await GatewayProcess.StartAsync(config, waitForModels: ["llama3.2:3b", "all-minilm"]);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        if (_worker is not null) await _worker.DisposeAsync();
    }
}
