namespace ModelGateway.Bench.Processes;

/// <summary>
/// bench/ForwarderFloor: the smallest .NET reverse proxy on the gateway's stack (Kestrel, YARP's forwarder, one
/// SocketsHttpHandler), one listening port per simulator like nginx. What it costs is what the .NET socket and HTTP
/// stack costs; the gateway's distance from it is the gateway's own code.
/// </summary>
public sealed class FloorServer : IAsyncDisposable
{
    readonly Dictionary<string, int> _ports;

    FloorServer(ServerProcess process, Dictionary<string, int> ports)
    {
        Process = process;
        _ports = ports;
    }

    public ServerProcess Process { get; }

    public string BaseUrlFor(Simulator simulator) => $"http://127.0.0.1:{_ports[simulator.Profile.Name]}";

    /// <remarks>
    /// Inline I/O completions follow the floor's own default (on, as the gateway's Gateway:InlineIoCompletions);
    /// DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS in the benchmark's environment is inherited and wins, as it does
    /// for the gateway, so one variable switches both off or on.
    /// </remarks>
    public static async Task<FloorServer> StartAsync(string floorDll, IReadOnlyList<Simulator> upstreams, int? cpu)
    {
        var ports = upstreams.ToDictionary(u => u.Profile.Name, _ => FreePort.Next());
        var args = new List<string> { floorDll };
        foreach (var upstream in upstreams) args.AddRange(["--route", $"{ports[upstream.Profile.Name]}={upstream.BaseUrl}"]);
        var env = new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Production" };
        ShippedRuntimeEnvironment.AddTo(env);
        var process = ServerProcess.Start("dotnet-floor", cpu, "dotnet", args, env);
        var server = new FloorServer(process, ports);
        try
        {
            foreach (var port in ports.Values) await process.WaitForPortAsync(port, TimeSpan.FromSeconds(60));
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
