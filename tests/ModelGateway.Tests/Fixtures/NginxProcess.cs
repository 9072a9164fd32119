namespace ModelGateway.Tests.Fixtures;

/// <summary>
/// A real nginx in the foreground (<c>nginx -p &lt;tmpdir&gt; -c &lt;conf&gt; -g 'daemon off;'</c>) on a free loopback port,
/// with its configuration, logs and temporary files in a temporary folder; stopped by PID.
/// </summary>
public sealed class NginxProcess : IAsyncDisposable
{
    readonly TestProcess _process;

    NginxProcess(TestProcess process, int port, string directory)
    {
        _process = process;
        Port = port;
        Directory = directory;
    }

    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public string Directory { get; }
    public string Output => _process.Output + "\n" + ReadErrorLog();

    /// <summary>
    /// Starts nginx with <paramref name="httpBlock"/> as the body of its <c>http { }</c> block; <c>{port}</c> in it is
    /// replaced by the port chosen for nginx to listen on.
    /// </summary>
    public static async Task<NginxProcess> StartAsync(string httpBlock)
    {
        var executable = FindExecutable();
        var directory = System.IO.Directory.CreateTempSubdirectory("nginx-test-").FullName;
        var port = FreePort.Next();
        var config = $$"""
            worker_processes 1;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log warn;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path {{directory}}/client_body;
                proxy_temp_path {{directory}}/proxy;
                fastcgi_temp_path {{directory}}/fastcgi;
                uwsgi_temp_path {{directory}}/uwsgi;
                scgi_temp_path {{directory}}/scgi;
            {{httpBlock.Replace("{port}", port.ToString())}}
            }
            """;
        var path = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(path, config);
        // -e: the error log before the configuration is read (the compiled-in path may not be writable).
        var process = TestProcess.Start($"nginx:{port}", executable,
            ["-p", directory, "-e", Path.Combine(directory, "error.log"), "-c", path, "-g", "daemon off;"], workingDirectory: directory);
        var nginx = new NginxProcess(process, port, directory);
        try
        {
            await process.WaitForPortAsync(port, TimeSpan.FromSeconds(10));
            return nginx;
        }
        catch (Exception ex)
        {
            var output = nginx.Output;
            await nginx.DisposeAsync();
            throw new InvalidOperationException($"nginx did not start: {ex.Message}\n{output}", ex);
        }
    }

    string ReadErrorLog()
    {
        try { return File.ReadAllText(Path.Combine(Directory, "error.log")); }
        catch (IOException) { return ""; }
    }

    public async ValueTask DisposeAsync()
    {
        // Killing the master by PID takes its worker (a child) with it.
        await _process.DisposeAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>The nginx binary; fails loudly, naming the package to install, when there is none.</summary>
    public static string FindExecutable()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                   .Concat(["/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"])
                   .Select(dir => Path.Combine(dir, "nginx"))
                   .FirstOrDefault(File.Exists)
               ?? throw new InvalidOperationException("nginx not found: apt-get install -y nginx");
    }
}
