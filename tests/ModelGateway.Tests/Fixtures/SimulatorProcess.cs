using System.Net.Http.Json;
using System.Text.Json;

namespace ModelGateway.Tests.Fixtures;

/// <summary>
/// An Ollama simulator (tests/OllamaSim) running as a real process on a free loopback port.
/// Start several for fleet tests; each is killed by PID on dispose.
/// </summary>
public sealed class SimulatorProcess : IAsyncDisposable
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    readonly string[] _args;
    readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public int Port { get; }
    /// <summary>The port serving <c>/_sim/*</c>: <c>--control-port</c> when given, else <see cref="Port"/>.</summary>
    public int ControlPort { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public string ControlUrl => $"http://127.0.0.1:{ControlPort}";
    public TestProcess Process { get; private set; }

    SimulatorProcess(int port, int controlPort, string[] args, TestProcess process)
    {
        Port = port;
        ControlPort = controlPort;
        _args = args;
        Process = process;
    }

    /// <summary>
    /// Starts the simulator with <paramref name="extraArgs"/> (see docs/simulator.md). A free port is chosen unless
    /// <c>--port</c> is given. Waits until it answers HTTP (or, when started with <c>--refuse</c>, until it reports ready).
    /// </summary>
    public static async Task<SimulatorProcess> StartAsync(params string[] extraArgs)
    {
        var args = extraArgs.ToList();
        var port = ValueOf(args, "--port") is { } p ? int.Parse(p) : FreePort.Next();
        if (ValueOf(args, "--port") is null) args.InsertRange(0, ["--port", port.ToString()]);
        if (!args.Contains("--quiet")) args.Add("--quiet");
        var controlPort = ValueOf(args, "--control-port") is { } c ? int.Parse(c) : port;
        var sim = new SimulatorProcess(port, controlPort, args.ToArray(), Launch(port, args));
        await sim.WaitReadyAsync();
        return sim;
    }

    static TestProcess Launch(int port, IEnumerable<string> args) =>
        TestProcess.StartDotnet($"ollama-sim:{port}", RepoLayout.SimulatorDll, args);

    async Task WaitReadyAsync()
    {
        if (_args.Contains("--refuse") || _args.Contains("--refuse-for-ms"))
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (!Process.Output.Contains(" ready on ") && DateTime.UtcNow < deadline)
            {
                if (Process.HasExited) throw new InvalidOperationException($"{Process} exited:\n{Process.Output}");
                await Task.Delay(50);
            }
            if (!Process.Output.Contains(" ready on ")) throw new TimeoutException($"{Process} never reported ready:\n{Process.Output}");
            return;
        }
        await Process.WaitForHttpAsync(BaseUrl + "/");
    }

    /// <summary>Kills the process (the port then refuses connections).</summary>
    public void Kill() => Process.Kill();

    /// <summary>Kills and starts it again with the same arguments on the same port (state is lost, as after a crash).</summary>
    public async Task RestartAsync()
    {
        Process.Kill();
        await Process.DisposeAsync();
        Process = Launch(Port, _args);
        await WaitReadyAsync();
    }

    /// <summary>Changes faults at run time (<c>POST /_sim/faults</c>); omitted values stay as they are.</summary>
    public async Task<FaultState> SetFaultsAsync(double? failRate = null, double? hangRate = null, double? dropRate = null,
        int? slowFirstTokenMs = null, int? refuseForMs = null)
    {
        var body = new Dictionary<string, object>();
        if (failRate is { } f) body["failRate"] = f;
        if (hangRate is { } h) body["hangRate"] = h;
        if (dropRate is { } d) body["dropRate"] = d;
        if (slowFirstTokenMs is { } s) body["slowFirstTokenMs"] = s;
        if (refuseForMs is { } r) body["refuseForMs"] = r;
        using var response = await _http.PostAsJsonAsync(ControlUrl + "/_sim/faults", body);
        return await ReadAsync<FaultState>(response);
    }

    public async Task<FaultState> GetFaultsAsync()
    {
        using var response = await _http.GetAsync(ControlUrl + "/_sim/faults");
        return await ReadAsync<FaultState>(response);
    }

    public async Task<Stats> GetStatsAsync()
    {
        using var response = await _http.GetAsync(ControlUrl + "/_sim/stats");
        return await ReadAsync<Stats>(response);
    }

    /// <summary>Zeroes counters and clears every fault (including a refusal).</summary>
    public async Task ResetAsync()
    {
        using var response = await _http.PostAsync(ControlUrl + "/_sim/reset", null);
        await ReadAsync<Stats>(response);
    }

    static async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"simulator control call failed: {(int)response.StatusCode} {text}");
        return JsonSerializer.Deserialize<T>(text, Json) ?? throw new InvalidOperationException("empty control response");
    }

    static string? ValueOf(List<string> args, string flag)
    {
        var i = args.IndexOf(flag);
        return i >= 0 && i + 1 < args.Count ? args[i + 1] : null;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Process.DisposeAsync();
    }

    public override string ToString() => $"{Process} at {BaseUrl}";

    /// <summary><c>GET /_sim/stats</c>; <see cref="Queued"/> counts requests waiting for a slot.</summary>
    public sealed record Stats(
        string Name,
        long Requests,
        long InferenceRequests,
        IReadOnlyDictionary<string, long> ByModel,
        int InFlight,
        int MaxInFlight,
        int Queued);

    /// <summary><c>GET/POST /_sim/faults</c>; <see cref="RefuseForMs"/> is the remaining refusal (0 none, -1 indefinite).</summary>
    public sealed record FaultState(
        double FailRate,
        double HangRate,
        double DropRate,
        int SlowFirstTokenMs,
        long RefuseForMs);
}
