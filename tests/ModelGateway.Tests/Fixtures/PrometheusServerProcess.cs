using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ModelGateway.Tests.Fixtures;

/// <summary>
/// A real Prometheus server on 127.0.0.1 and a free port, scraping the given targets every second and evaluating
/// the given rule files every second, with its storage in a temporary folder removed on dispose.
/// </summary>
public sealed class PrometheusServerProcess : IAsyncDisposable
{
    public const string InstallCommand = "apt-get install -y prometheus";

    readonly TestProcess _process;
    readonly string _directory;
    readonly HttpClient _http;

    PrometheusServerProcess(TestProcess process, int port, string directory)
    {
        _process = process;
        _directory = directory;
        Port = port;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public int Port { get; }
    public string Output => _process.Output;

    /// <param name="job">The scrape job's name (the shipped rules select <c>job="modelgateway"</c>).</param>
    /// <param name="ruleFiles">Rule files to load, by path.</param>
    public static async Task<PrometheusServerProcess> StartAsync(string job, IEnumerable<string> targets, IEnumerable<string> ruleFiles)
    {
        var executable = FindExecutable();
        var directory = Directory.CreateTempSubdirectory("prometheus-test-").FullName;
        var config = new System.Text.StringBuilder()
            .AppendLine("global: { scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s }")
            .AppendLine("rule_files:");
        foreach (var file in ruleFiles) config.AppendLine($"  - '{file}'");
        config.AppendLine("scrape_configs:")
            .AppendLine($"  - job_name: '{job}'")
            .AppendLine($"    static_configs: [ {{ targets: [{string.Join(", ", targets.Select(t => $"'{t}'"))}] }} ]");
        var configPath = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(configPath, config.ToString());

        var port = FreePort.Next();
        var process = TestProcess.Start($"prometheus:{port}", executable,
        [
            "--config.file=" + configPath, "--storage.tsdb.path=" + Path.Combine(directory, "data"),
            "--web.listen-address=127.0.0.1:" + port, "--log.level=warn",
        ], workingDirectory: directory);
        var server = new PrometheusServerProcess(process, port, directory);
        try
        {
            await process.WaitForHttpAsync($"http://127.0.0.1:{port}/-/ready");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Evaluates an instant query; a query Prometheus refuses fails with its error message.</summary>
    public async Task<JsonArray> QueryAsync(string promql)
    {
        using var response = await _http.GetAsync("/api/v1/query?query=" + Uri.EscapeDataString(promql));
        var body = await response.Content.ReadFromJsonAsync<JsonObject>() ?? throw new InvalidOperationException("empty answer");
        if ((string?)body["status"] != "success")
            throw new AssertionException($"Prometheus refused `{promql}`: {body["errorType"]}: {body["error"]}");
        return body["data"]!["result"]!.AsArray();
    }

    /// <summary>Alerts now firing (pending ones left out), as Prometheus' /api/v1/alerts lists them.</summary>
    public async Task<List<JsonObject>> FiringAlertsAsync()
    {
        var body = await _http.GetFromJsonAsync<JsonObject>("/api/v1/alerts") ?? throw new InvalidOperationException("empty answer");
        return body["data"]!["alerts"]!.AsArray().Select(a => a!.AsObject()).Where(a => (string?)a["state"] == "firing").ToList();
    }

    /// <summary>Rule groups as loaded, with each rule's last evaluation error (empty when it evaluated).</summary>
    public async Task<JsonArray> RuleGroupsAsync()
    {
        var body = await _http.GetFromJsonAsync<JsonObject>("/api/v1/rules") ?? throw new InvalidOperationException("empty answer");
        return body["data"]!["groups"]!.AsArray();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _process.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    static string FindExecutable()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Append("/usr/bin")
                   .Select(dir => Path.Combine(dir, "prometheus")).FirstOrDefault(File.Exists)
               ?? throw new AssertionException($"prometheus is not installed; install it with '{InstallCommand}' (tests/run-all.sh does this)");
    }
}
