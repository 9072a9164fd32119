namespace ModelGateway.Tests.Fixtures;

/// <summary>
/// A real redis-server on 127.0.0.1 and a free port: no persistence, debug commands allowed from loopback (for
/// DEBUG SLEEP). It can be stopped (killed by PID) and started again on the same port to simulate an outage.
/// </summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    readonly string _executable;
    readonly string _workingDirectory;
    TestProcess? _process;

    RedisServerProcess(string executable, int port, string? password)
    {
        _executable = executable;
        Port = port;
        Password = password;
        // Redis may still touch its working directory; keep that out of the repository.
        _workingDirectory = Directory.CreateTempSubdirectory("redis-test-").FullName;
    }

    public int Port { get; }
    public string? Password { get; }
    public string Endpoint => $"127.0.0.1:{Port}";
    public string Output => _process?.Output ?? "";

    public static async Task<RedisServerProcess> StartAsync(string? password = null)
    {
        var server = new RedisServerProcess(FindExecutable(), FreePort.Next(), password);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server (again) on the same port; everything it held before is gone.</summary>
    public async Task StartAgainAsync()
    {
        if (_process is { HasExited: false }) throw new InvalidOperationException("redis-server is already running.");
        if (_process is not null) await _process.DisposeAsync();
        var args = new List<string>
        {
            "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--enable-debug-command", "local", "--dir", _workingDirectory,
        };
        if (Password is not null) args.AddRange(["--requirepass", Password]);
        _process = TestProcess.Start($"redis-server:{Port}", _executable, args, workingDirectory: _workingDirectory);
        await _process.WaitForPortAsync(Port, TimeSpan.FromSeconds(10));
    }

    /// <summary>
    /// Stops the server process (SIGSTOP) with its sockets left open, as a hung host or a stalled server looks to
    /// clients: the kernel still accepts and acknowledges their bytes, but nothing answers. <see cref="Thaw"/> resumes it.
    /// </summary>
    public void Freeze() => Running.Signal("STOP");

    public void Thaw() => Running.Signal("CONT");

    TestProcess Running => _process ?? throw new InvalidOperationException("redis-server was never started.");

    /// <summary>Kills the server by PID, as a crash would.</summary>
    public Task StopAsync()
    {
        _process?.Kill();
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null) await _process.DisposeAsync();
        try { Directory.Delete(_workingDirectory, recursive: true); } catch (IOException) { }
    }

    static string FindExecutable()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        var candidates = path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/bin", "/usr/local/bin", "/usr/sbin"])
            .Select(dir => Path.Combine(dir, "redis-server"));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server not found: apt-get install -y redis-server");
    }
}
