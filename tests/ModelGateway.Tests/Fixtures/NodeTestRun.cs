using System.ComponentModel;

namespace ModelGateway.Tests.Fixtures;

/// <summary>
/// One <c>node --test &lt;file&gt;</c> run in tests/node (official Node clients against our servers): exit code and
/// everything node printed. A missing node or node_modules fails loudly with the command that fixes it.
/// </summary>
public sealed class NodeTestRun
{
    public int ExitCode { get; }
    public string Output { get; }

    NodeTestRun(int exitCode, string output)
    {
        ExitCode = exitCode;
        Output = output;
    }

    public static string NodeDir => Path.Combine(RepoLayout.Root, "tests", "node");

    public static async Task<NodeTestRun> RunAsync(string testFile, IDictionary<string, string?> env, TimeSpan timeLimit)
    {
        if (!Directory.Exists(Path.Combine(NodeDir, "node_modules")))
            throw new InvalidOperationException($"{NodeDir}/node_modules is missing: run: npm ci --prefix tests/node");
        var file = Path.Combine(NodeDir, testFile);
        if (!File.Exists(file)) throw new FileNotFoundException($"node test file {file} does not exist");

        TestProcess process;
        try
        {
            process = TestProcess.Start($"node --test {testFile}", "node", ["--test", "--test-reporter=spec", file], env, NodeDir);
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException("node is not installed (Node 20 is required): apt-get install -y nodejs", e);
        }
        await using (process)
        {
            int exitCode;
            try
            {
                exitCode = await process.WaitForExitAsync(timeLimit);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                throw new TimeoutException($"node --test {testFile} did not finish within {timeLimit.TotalSeconds:0} s:\n{process.Output}");
            }
            // Let the asynchronous output readers drain what the process wrote last.
            await Task.Delay(100);
            return new NodeTestRun(exitCode, process.Output);
        }
    }
}
