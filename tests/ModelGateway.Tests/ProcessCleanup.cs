using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests;

/// <summary>
/// Runs once after the whole suite: any server a test started and did not stop (say its set-up failed half-way) is
/// stopped here by PID, so a run never leaves processes behind.
/// </summary>
[SetUpFixture]
public sealed class ProcessCleanup
{
    [OneTimeTearDown]
    public void StopLeftoverProcesses()
    {
        var left = TestProcess.KillAllRunning();
        if (left.Count > 0)
            TestContext.Progress.WriteLine($"stopped {left.Count} process(es) left running by failed tests: {string.Join(", ", left)}");
    }
}
