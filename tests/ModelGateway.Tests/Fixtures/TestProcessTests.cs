namespace ModelGateway.Tests.Fixtures;

/// <summary>The suite kills hundreds of .NET servers; none may leave files behind in the temp directory.</summary>
public sealed class TestProcessTests
{
    [Test]
    public async Task AKilledDotnetServer_LeavesNoRuntimeFilesInTemp()
    {
        var sim = await SimulatorProcess.StartAsync("--models", "llama3.2:3b");
        var pid = sim.Process.Pid;
        Assert.That(RuntimeIpcFiles.Of(pid), Is.Not.Empty, "a running .NET process has its debugger pipes and diagnostics socket");

        await sim.DisposeAsync();

        Assert.That(RuntimeIpcFiles.Of(pid), Is.Empty);
    }
}
