using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace ModelGateway.Tests.Fixtures;

/// <summary>
/// A real server process started by a test: output captured, readiness awaited, stopped by PID on dispose.
/// </summary>
public sealed class TestProcess : IAsyncDisposable
{
    /// <summary>Every process started and not yet disposed, so the end of the run can stop what a failed test left behind.</summary>
    static readonly ConcurrentDictionary<int, TestProcess> Running = new();

    readonly Process _process;
    readonly ConcurrentQueue<string> _output = new();
    int _disposed;
    public string Name { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

    TestProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output => string.Join('\n', _output);

    /// <param name="holdStandardOutput">Leave stdout unread (the pipe fills, as with a stalled log reader) until <see cref="ReadStandardOutput"/>.</param>
    public static TestProcess Start(string name, string fileName, IEnumerable<string> args,
        IDictionary<string, string?>? env = null, string? workingDirectory = null, bool holdStandardOutput = false)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoLayout.Root,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_NOLOGO"] = "1";
        if (env != null)
            foreach (var (k, v) in env) psi.Environment[k] = v;

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var tp = new TestProcess(name, process);
        process.OutputDataReceived += (_, e) => { if (e.Data != null) tp.Append(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) tp.Append(e.Data); };
        if (!process.Start()) throw new InvalidOperationException($"could not start {name}: {fileName}");
        Running[process.Id] = tp;
        if (!holdStandardOutput) process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return tp;
    }

    /// <summary>Starts reading stdout of a process started with <c>holdStandardOutput</c>.</summary>
    public void ReadStandardOutput() => _process.BeginOutputReadLine();

    /// <summary>Starts a built .NET program (its dll) with the same dotnet host that runs the tests.</summary>
    public static TestProcess StartDotnet(string name, string dll, IEnumerable<string> args, IDictionary<string, string?>? env = null,
        bool holdStandardOutput = false)
        => Start(name, DotnetHost, new[] { dll }.Concat(args), env, holdStandardOutput: holdStandardOutput);

    public static string DotnetHost { get; } =
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } p && File.Exists(p) ? p : "dotnet";

    void Append(string line)
    {
        _output.Enqueue(line);
        while (_output.Count > 2000 && _output.TryDequeue(out _)) { }
    }

    /// <summary>Waits until a TCP connection to the port succeeds; fails loudly with the process output otherwise.</summary>
    public async Task WaitForPortAsync(int port, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before listening on {port}:\n{Output}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException) { await Task.Delay(50); }
        }
        throw new TimeoutException($"{Name} did not listen on {port} in time:\n{Output}");
    }

    /// <summary>Waits until a GET to the URL answers with any HTTP status below 500.</summary>
    public async Task WaitForHttpAsync(string url, TimeSpan? timeout = null)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before answering {url}:\n{Output}");
            try
            {
                using var resp = await http.GetAsync(url);
                if ((int)resp.StatusCode < 500) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(50);
        }
        throw new TimeoutException($"{Name} did not answer {url} in time:\n{Output}");
    }

    /// <summary>Waits for the process to end by itself (e.g. a start-up failure) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>Sends a signal by PID (<c>TERM</c> as an orchestrator stopping it, <c>STOP</c>/<c>CONT</c> as a hung host).</summary>
    public void Signal(string name)
    {
        if (_process.HasExited) throw new InvalidOperationException($"{this} is not running.");
        using var kill = System.Diagnostics.Process.Start("kill", ["-" + name, Pid.ToString()]);
        kill.WaitForExit();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -{name} {Pid} failed with exit code {kill.ExitCode}.");
    }

    /// <summary>Kills the process (and its children) by PID, and removes the runtime files it could not.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
            if (_process.HasExited) RuntimeIpcFiles.RemoveFor(_process.Id);
        }
        catch (InvalidOperationException) { }
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return ValueTask.CompletedTask;
        Kill();
        Running.TryRemove(_process.Id, out _);
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Kills every process still running (by PID) and returns their names.</summary>
    public static IReadOnlyList<string> KillAllRunning()
    {
        var left = new List<string>();
        foreach (var (pid, process) in Running)
        {
            if (!process.HasExited) left.Add(process.ToString());
            process.Kill();
            Running.TryRemove(pid, out _);
        }
        return left;
    }

    public override string ToString() => $"{Name} (pid {Pid})";
}
