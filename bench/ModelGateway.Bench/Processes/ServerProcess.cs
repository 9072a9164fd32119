using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;

namespace ModelGateway.Bench.Processes;

/// <summary>
/// A server the benchmark starts: optionally pinned to one CPU with taskset (which execs, so the PID is the
/// server's own), output kept for diagnostics, stopped by PID (with its children) on dispose.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    static readonly ConcurrentDictionary<int, ServerProcess> Running = new();
    readonly Process _process;
    readonly ConcurrentQueue<string> _output = new();

    /// <summary>When set, each server's whole output goes to &lt;LogDirectory&gt;/&lt;name&gt;.log.</summary>
    public static string? LogDirectory { get; set; }

    /// <summary>Every server still running (for the machine-load figure).</summary>
    public static IReadOnlyList<int> RunningPids => Running.Keys.ToList();

    /// <summary>
    /// What one server's log file keeps at most. The gateway logs a line per request, and a full run sends millions:
    /// uncapped, the logs took several GB and once filled the disk mid-run. The output is still read to the end, so
    /// the gateway's logging costs what it costs in production.
    /// </summary>
    const long MaxLogBytes = 32L * 1024 * 1024;

    StreamWriter? _log;
    long _logged, _notKept;

    /// <summary>When set, every started PID is appended to this file, so bench/run.sh can stop them even if this program dies.</summary>
    public static string? PidFile { get; set; }

    ServerProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public string Output => string.Join('\n', _output);

    /// <param name="cpu">The core to pin to, or null to let the scheduler place it.</param>
    /// <param name="workingDirectory">Where the process runs; null: this program's own.</param>
    public static ServerProcess Start(string name, int? cpu, string fileName, IEnumerable<string> args, IDictionary<string, string?>? env = null,
        string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(cpu is null ? fileName : "taskset")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        if (cpu is { } core)
        {
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(core.ToString());
            psi.ArgumentList.Add(fileName);
        }
        foreach (var arg in args) psi.ArgumentList.Add(arg);
        psi.Environment["DOTNET_NOLOGO"] = "1";
        if (env is not null)
            foreach (var (key, value) in env) psi.Environment[key] = value;

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var server = new ServerProcess(name, process);
        if (LogDirectory is not null)
            server._log = new StreamWriter(Path.Combine(LogDirectory, name + ".log"), append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        if (!process.Start()) throw new InvalidOperationException($"could not start {name} ({fileName})");
        Running[process.Id] = server;
        if (PidFile is not null) File.AppendAllText(PidFile, process.Id + "\n");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    void Append(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        var log = _log;
        if (log is not null)
            lock (log)
            {
                if (_logged >= MaxLogBytes)
                {
                    _notKept++;
                }
                else
                {
                    try
                    {
                        log.WriteLine(line);
                        _logged += line.Length + 1;
                    }
                    catch (ObjectDisposedException) { }
                    // A full disk ends the log, not the run.
                    catch (IOException) { _logged = MaxLogBytes; _notKept++; }
                }
            }
        while (_output.Count > 200 && _output.TryDequeue(out _)) { }
    }

    /// <summary>Waits until the port accepts a TCP connection; fails with the server's output otherwise.</summary>
    public async Task WaitForPortAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before listening on port {port}:\n{Output}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException) { await Task.Delay(50); }
        }
        throw new TimeoutException($"{Name} did not listen on port {port} within {timeout.TotalSeconds} s:\n{Output}");
    }

    public double CpuMilliseconds => ProcFs.CpuMilliseconds(Pid);

    /// <summary>Stops every process still running (on Ctrl-C or SIGTERM).</summary>
    public static void KillAll()
    {
        foreach (var server in Running.Values) server.Kill();
    }

    /// <summary>
    /// Asks the server to stop (SIGTERM) and kills it if it has not within a few seconds. A killed .NET process
    /// leaves its debugger pipes and diagnostics socket in /tmp; one that stops by itself removes them.
    /// </summary>
    public void Kill()
    {
        Running.TryRemove(Pid, out _);
        try
        {
            if (_process.HasExited) return;
            if (SendSignal(_process.Id, SigTerm) == 0 && _process.WaitForExit(3000)) return;
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException) { }
    }

    const int SigTerm = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    static extern int SendSignal(int pid, int signal);

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        if (_log is { } log)
            lock (log)
            {
                if (_notKept > 0)
                {
                    try { log.WriteLine($"[{_notKept} more lines not kept: a server's log is capped at {MaxLogBytes / (1024 * 1024)} MB]"); }
                    catch (IOException) { }
                }
                try { log.Dispose(); } catch (IOException) { }
            }
        return ValueTask.CompletedTask;
    }

    public override string ToString() => $"{Name} (pid {Pid})";
}
