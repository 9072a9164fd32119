using System.Text;

namespace ModelGateway.Bench.Processes;

/// <summary>
/// nginx as the plain reverse proxy of reference: one worker process, no buffering, keep-alive to the upstream,
/// one listening port per simulator. Its configuration is generated into a private prefix directory.
/// </summary>
public sealed class NginxServer : IAsyncDisposable
{
    public const string InstallHint = "apt-get install -y nginx";

    readonly Dictionary<string, int> _ports;

    NginxServer(ServerProcess master, Dictionary<string, int> ports)
    {
        Master = master;
        _ports = ports;
    }

    public ServerProcess Master { get; }

    /// <summary>The master and its worker: CPU time is summed over both (the master does almost nothing).</summary>
    public IReadOnlyList<int> Pids => [Master.Pid, .. ProcFs.Children(Master.Pid)];

    public int WorkerPid => ProcFs.Children(Master.Pid).FirstOrDefault(Master.Pid);

    public string BaseUrlFor(Simulator simulator) => $"http://127.0.0.1:{_ports[simulator.Profile.Name]}";

    public static string? FindBinary()
    {
        foreach (var candidate in new[] { "/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx" })
            if (File.Exists(candidate)) return candidate;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            if (File.Exists(Path.Combine(dir, "nginx"))) return Path.Combine(dir, "nginx");
        return null;
    }

    public static async Task<NginxServer> StartAsync(string binary, string workDir, IReadOnlyList<Simulator> upstreams, int? cpu, int fileLimit)
    {
        var prefix = Path.Combine(workDir, "nginx");
        foreach (var dir in new[] { "logs", "temp" }) Directory.CreateDirectory(Path.Combine(prefix, dir));
        var ports = upstreams.ToDictionary(u => u.Profile.Name, _ => FreePort.Next());
        var conf = Path.Combine(prefix, "nginx.conf");
        await File.WriteAllTextAsync(conf, Config(prefix, upstreams, ports, fileLimit));

        var master = ServerProcess.Start("nginx", cpu, binary, ["-p", prefix, "-c", conf, "-g", "daemon off;"]);
        var server = new NginxServer(master, ports);
        try
        {
            foreach (var port in ports.Values) await master.WaitForPortAsync(port, TimeSpan.FromSeconds(10));
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    static string Config(string prefix, IReadOnlyList<Simulator> upstreams, Dictionary<string, int> ports, int fileLimit)
    {
        var temp = Path.Combine(prefix, "temp");
        var text = new StringBuilder();
        text.AppendLine($$"""
            worker_processes 1;
            worker_rlimit_nofile {{fileLimit}};
            pid {{prefix}}/logs/nginx.pid;
            error_log {{prefix}}/logs/error.log warn;
            events { worker_connections {{fileLimit}}; multi_accept on; }
            http {
              access_log off;
              client_body_temp_path {{temp}}/body;
              proxy_temp_path {{temp}}/proxy;
              fastcgi_temp_path {{temp}}/fastcgi;
              uwsgi_temp_path {{temp}}/uwsgi;
              scgi_temp_path {{temp}}/scgi;
              keepalive_requests 1000000;
              keepalive_timeout 120s;
            """);
        foreach (var upstream in upstreams)
        {
            var name = upstream.Profile.Name;
            // The simulator, like Ollama, refuses a non-local Host header: send the upstream's own.
            text.AppendLine($$"""
                  upstream sim_{{name}} { server 127.0.0.1:{{upstream.Port}}; keepalive 300; keepalive_requests 1000000; }
                  server {
                    listen 127.0.0.1:{{ports[name]}} backlog=4096;
                    location / {
                      proxy_pass http://sim_{{name}};
                      proxy_http_version 1.1;
                      proxy_set_header Connection "";
                      proxy_set_header Host 127.0.0.1:{{upstream.Port}};
                      proxy_buffering off;
                      proxy_read_timeout 300s;
                    }
                  }
                """);
        }
        text.AppendLine("}");
        return text.ToString();
    }

    public ValueTask DisposeAsync() => Master.DisposeAsync();
}
