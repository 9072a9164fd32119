namespace ModelGateway.Bench.Processes;

/// <summary>An OllamaSim process serving one <see cref="UpstreamProfile"/>.</summary>
public sealed class Simulator : IAsyncDisposable
{
    Simulator(UpstreamProfile profile, int port, ServerProcess process)
    {
        Profile = profile;
        Port = port;
        Process = process;
    }

    public UpstreamProfile Profile { get; }
    public int Port { get; }
    public ServerProcess Process { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public static async Task<Simulator> StartAsync(string simulatorDll, UpstreamProfile profile, int? cpu)
    {
        var port = FreePort.Next();
        var process = ServerProcess.Start($"sim-{profile.Name}", cpu, "dotnet", [simulatorDll, .. profile.SimulatorArgs(port)]);
        var simulator = new Simulator(profile, port, process);
        try
        {
            await process.WaitForPortAsync(port, TimeSpan.FromSeconds(30));
            return simulator;
        }
        catch
        {
            await simulator.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
