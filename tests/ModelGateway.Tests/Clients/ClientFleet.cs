using System.Net;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Clients;

/// <summary>
/// What the client tests talk to: a real gateway over two simulated Ollama workers. The "main" worker serves a chat
/// model with tools, a vision model, an embedding model and a thinking model. The "busy" worker runs one model with
/// one slot and no queue, and that slot is held for the fleet's whole life by a long generation, so every request
/// for <see cref="BusyModel"/> meets a cluster whose only worker is busy. A third, slow worker serves
/// <see cref="FlakyModel"/> alone, for tests that crash it in the middle of a stream.
/// </summary>
public sealed class ClientFleet : IAsyncDisposable
{
    public const string ChatModel = "llama3.2:3b";
    public const string VisionModel = "llava:7b";
    public const string EmbeddingModel = "all-minilm:latest";
    public const string ThinkingModel = "qwen3:8b";
    public const string BusyModel = "phi3:mini";
    public const string FlakyModel = "mistral:7b";
    /// <summary>A name with slashes, which clients percent-encode in a URL path (<c>/v1/models/{id}</c>).</summary>
    public const string HuggingFaceModel = "hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M";

    SimulatorProcess? _main, _busy, _flaky;
    HttpClient? _holder;
    HttpResponseMessage? _heldSlot;

    public GatewayProcess Gateway { get; private set; } = null!;

    /// <summary>The OpenAI base URL clients are configured with.</summary>
    public string OpenAIBaseUrl => Gateway.BaseUrl + "/v1";

    static Task<ClientFleet>? s_shared;

    /// <summary>One fleet for all client tests of a run (started on first use, stopped by <see cref="ClientFleetShutdown"/>).</summary>
    public static Task<ClientFleet> SharedAsync() => s_shared ??= StartAsync();

    internal static async Task StopSharedAsync()
    {
        var shared = s_shared;
        s_shared = null;
        if (shared is { IsCompletedSuccessfully: true }) await shared.Result.DisposeAsync();
    }

    public static async Task<ClientFleet> StartAsync()
    {
        var fleet = new ClientFleet();
        try
        {
            // 0.13.0: a release with tool-call ids and logprobs.
            fleet._main = await SimulatorProcess.StartAsync("--version", "0.13.0", "--models",
                $"{ChatModel},{VisionModel}=completion|vision,{EmbeddingModel}=embedding,{ThinkingModel}=completion|tools|thinking,{HuggingFaceModel}",
                "--preload", "*");
            // 40 ms a token for 100k tokens: the held generation outlives any test run.
            fleet._busy = await SimulatorProcess.StartAsync("--models", BusyModel, "--preload", "*",
                "--parallel", "1", "--max-queue", "0", "--token-ms", "40", "--reply-tokens", "100000");
            // Slow enough (4 s a reply) that a test can kill it while a stream is under way.
            fleet._flaky = await SimulatorProcess.StartAsync("--models", FlakyModel, "--preload", "*", "--token-ms", "100", "--reply-tokens", "40");
            var config = new FleetConfig()
                .Cluster("main").Worker("main", "main-1", fleet._main.BaseUrl)
                .Cluster("busy").Worker("busy", "busy-1", fleet._busy.BaseUrl)
                .Cluster("flaky", reactivation: TimeSpan.FromSeconds(1)).Worker("flaky", "flaky-1", fleet._flaky.BaseUrl)
                .Model(ChatModel, "main")
                .Model(BusyModel, "busy")
                .Model(FlakyModel, "flaky")
                // The clients authenticate as the SDKs do, with a bearer key.
                .Set("Authentication:ApiKeys", new System.Text.Json.Nodes.JsonArray(KeyedConfig.Entry("client-tests", "sk-test", ["*"])))
                // A worker that stays busy turns into a 503 after this long in the gateway's queue.
                .Set("Dispatch:QueueTimeout", "00:00:01");
            fleet.Gateway = await GatewayProcess.StartAsync(config, waitForModels: [ChatModel, VisionModel, EmbeddingModel, ThinkingModel, BusyModel, FlakyModel, HuggingFaceModel]);
            await fleet.HoldBusySlotAsync();
            return fleet;
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }
    }

    /// <summary>The process id of the only worker serving <see cref="FlakyModel"/> (a test may kill it mid-stream).</summary>
    public int FlakyWorkerPid => _flaky!.Process.Pid;

    /// <summary>The simulator URL of that worker (its <c>/_sim/stats</c> show whether a generation still runs).</summary>
    public string FlakyWorkerUrl => _flaky!.BaseUrl;

    /// <summary>Kills the worker serving <see cref="FlakyModel"/>, as a crash would.</summary>
    public void KillFlakyWorker() => _flaky!.Kill();

    /// <summary>
    /// Starts the flaky worker again on its port when it is not running (after a test killed it), and waits until
    /// the gateway routes to it again.
    /// </summary>
    public async Task ReviveFlakyWorkerAsync()
    {
        if (!_flaky!.Process.HasExited) return;
        await _flaky.RestartAsync();
        await Gateway.WaitUntilAsync(async () =>
        {
            using var response = await Gateway.Http.PostJsonAsync("/v1/chat/completions",
                $$"""{"model":"{{FlakyModel}}","messages":[{"role":"user","content":"ping"}],"max_tokens":1}""");
            return response.IsSuccessStatusCode;
        }, TimeSpan.FromSeconds(20), $"the gateway to route {FlakyModel} to its restarted worker");
    }

    /// <summary>Starts a streamed generation straight on the busy worker and keeps it running.</summary>
    async Task HoldBusySlotAsync()
    {
        _holder = new HttpClient { BaseAddress = new Uri(_busy!.BaseUrl) };
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/generate")
        {
            Content = new StringContent($$"""{"model":"{{BusyModel}}","prompt":"hold the slot","stream":true}""", System.Text.Encoding.UTF8, "application/json"),
        };
        _heldSlot = await _holder.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (_heldSlot.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"could not occupy the busy worker's slot: {(int)_heldSlot.StatusCode} {await _heldSlot.Content.ReadAsStringAsync()}");
        var stats = await _busy.GetStatsAsync();
        if (stats.InFlight != 1)
            throw new InvalidOperationException($"the busy worker should have exactly one request in flight, has {stats.InFlight}");
    }

    public async ValueTask DisposeAsync()
    {
        _heldSlot?.Dispose();
        _holder?.Dispose();
        if (Gateway is not null) await Gateway.DisposeAsync();
        if (_busy is not null) await _busy.DisposeAsync();
        if (_flaky is not null) await _flaky.DisposeAsync();
        if (_main is not null) await _main.DisposeAsync();
    }
}
