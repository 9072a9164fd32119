namespace ModelGateway.Bench.Processes;

/// <summary>A throw-away redis-server on a free loopback port, no persistence.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string InstallHint = "apt-get install -y redis-server";

    RedisServer(int port, ServerProcess process)
    {
        Port = port;
        Process = process;
    }

    public int Port { get; }
    public ServerProcess Process { get; }
    public string Endpoint => $"127.0.0.1:{Port}";

    public static string? FindBinary()
    {
        foreach (var candidate in new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server", "/usr/sbin/redis-server" })
            if (File.Exists(candidate)) return candidate;
        return null;
    }

    public static async Task<RedisServer> StartAsync(string binary, string workDir, int? cpu)
    {
        var port = FreePort.Next();
        var dir = Path.Combine(workDir, "redis");
        Directory.CreateDirectory(dir);
        var process = ServerProcess.Start("redis", cpu, binary,
            ["--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--protected-mode", "yes"]);
        var redis = new RedisServer(port, process);
        try
        {
            await process.WaitForPortAsync(port, TimeSpan.FromSeconds(10));
            return redis;
        }
        catch
        {
            await redis.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
