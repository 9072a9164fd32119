using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ModelGateway.Tests.Fixtures;

/// <summary>A real gateway process on a free loopback port, configured by a fleet file in a temporary folder.</summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    GatewayProcess(TestProcess process, int port, string configPath, string directory)
    {
        Process = process;
        Port = port;
        ConfigPath = configPath;
        Directory = directory;
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
    }

    public TestProcess Process { get; }
    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public string ConfigPath { get; }
    public string Directory { get; }
    public HttpClient Http { get; }

    /// <summary>Starts the gateway and waits until it listens. With <paramref name="waitForModels"/>, also until /api/tags lists them.</summary>
    /// <param name="holdStandardOutput">Leave the gateway's stdout unread until <c>Process.ReadStandardOutput()</c>.</param>
    public static async Task<GatewayProcess> StartAsync(FleetConfig config, IDictionary<string, string?>? env = null,
        IEnumerable<string>? extraArgs = null, IEnumerable<string>? waitForModels = null, bool holdStandardOutput = false)
    {
        var (process, port, path, dir) = Launch(config.ToJson(), env, extraArgs, holdStandardOutput);
        var gateway = new GatewayProcess(process, port, path, dir);
        try
        {
            await process.WaitForHttpAsync(gateway.BaseUrl + "/healthz");
            if (waitForModels is not null) await gateway.WaitForModelsAsync(waitForModels);
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a gateway expected to refuse its configuration; returns its exit code and output.</summary>
    /// <param name="extraArgs">Arguments after the fixture's own (<c>--config</c>, <c>--urls</c>), so they win over them.</param>
    public static async Task<(int ExitCode, string Output)> StartExpectingFailureAsync(string configJson, IDictionary<string, string?>? env = null,
        IEnumerable<string>? extraArgs = null)
    {
        var (process, _, _, dir) = Launch(configJson, env, extraArgs);
        await using (process)
        {
            var code = await process.WaitForExitAsync(TimeSpan.FromSeconds(30));
            await Task.Delay(100);
            TryDelete(dir);
            return (code, process.Output);
        }
    }

    static (TestProcess, int, string, string) Launch(string configJson, IDictionary<string, string?>? env, IEnumerable<string>? extraArgs,
        bool holdStandardOutput = false)
    {
        var dir = Path.Combine(Path.GetTempPath(), "mg-test-" + Guid.NewGuid().ToString("N")[..10]);
        System.IO.Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "gateway.json");
        File.WriteAllText(path, configJson);
        var port = FreePort.Next();
        var args = new List<string> { "--config", path, "--urls", $"http://127.0.0.1:{port}" };
        if (extraArgs is not null) args.AddRange(extraArgs);
        var environment = new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["MODELGATEWAY_CONFIG"] = null };
        if (env is not null)
            foreach (var (k, v) in env) environment[k] = v;
        var process = TestProcess.StartDotnet($"gateway:{port}", RepoLayout.GatewayDll, args, environment, holdStandardOutput);
        return (process, port, path, dir);
    }

    /// <summary>Rewrites the fleet file in place, as an editor saving it would.</summary>
    public Task WriteConfigAsync(FleetConfig config) => File.WriteAllTextAsync(ConfigPath, config.ToJson());

    public Task WriteConfigTextAsync(string text) => File.WriteAllTextAsync(ConfigPath, text);

    public async Task WaitForModelsAsync(IEnumerable<string> models, TimeSpan? timeout = null)
    {
        var wanted = models.ToList();
        await WaitUntilAsync(async () =>
        {
            var tags = await Http.GetFromJsonAsync<JsonObject>("/api/tags");
            var names = tags!["models"]!.AsArray().Select(m => (string)m!["name"]!).ToHashSet(StringComparer.OrdinalIgnoreCase);
            return wanted.All(w => names.Contains(w) || names.Contains(w + ":latest"));
        }, timeout ?? TimeSpan.FromSeconds(20), $"models {string.Join(", ", wanted)} in /api/tags");
    }

    /// <summary>Waits for a line containing <paramref name="text"/> in the gateway's output.</summary>
    public Task WaitForLogAsync(string text, TimeSpan? timeout = null)
        => WaitUntilAsync(() => Task.FromResult(Process.Output.Contains(text, StringComparison.Ordinal)), timeout ?? TimeSpan.FromSeconds(15), $"log line containing '{text}'");

    public async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (await condition()) return;
            }
            catch (HttpRequestException) { }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"gave up waiting for {what} after {timeout.TotalSeconds:0.#} s. Gateway output:\n{Process.Output}");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Process.DisposeAsync();
        TryDelete(Directory);
    }

    static void TryDelete(string dir)
    {
        try { System.IO.Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
