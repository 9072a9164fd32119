namespace ModelGateway.Configuration;

/// <summary>
/// Loads the fleet file and reloads it when it changes. Unlike the framework's JSON provider, a reload that
/// finds the file missing, malformed or invalid keeps the previous data (the framework's would serve an empty
/// configuration, which makes YARP drop every cluster). The first load throws, so start-up fails fast.
/// </summary>
public sealed class FleetConfigurationProvider : ConfigurationProvider, IDisposable
{
    readonly FleetConfigurationSource _source;
    readonly string _directory;
    readonly string _fileName;
    FileSystemWatcher? _watcher;
    Timer? _debounce;
    readonly object _gate = new();

    public FleetConfigurationProvider(FleetConfigurationSource source)
    {
        _source = source;
        var fullPath = System.IO.Path.GetFullPath(source.Path);
        _directory = System.IO.Path.GetDirectoryName(fullPath)!;
        _fileName = System.IO.Path.GetFileName(fullPath);
        FullPath = fullPath;
    }

    public string FullPath { get; }

    /// <summary>Raised after every reload attempt: null error = applied, otherwise the reason it was rejected.</summary>
    public event Action<FleetReloadOutcome>? Reloaded;

    public FleetReloadOutcome? LastOutcome { get; private set; }

    public override void Load()
    {
        if (!File.Exists(FullPath))
        {
            if (!_source.Optional)
                throw new FileNotFoundException($"configuration file '{FullPath}' not found");
            Data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        }
        else
        {
            // Start-up: any problem stops the gateway with the reason and the key.
            Data = Parse(File.ReadAllBytes(FullPath));
        }
        Watch();
    }

    Dictionary<string, string?> Parse(byte[] bytes)
    {
        Dictionary<string, string?> data;
        try
        {
            data = JsonConfigurationFlattener.Flatten(bytes);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException)
        {
            throw new InvalidDataException($"configuration file '{FullPath}' is not valid JSON: {ex.Message}", ex);
        }
        var errors = FleetConfigValidator.Validate(data);
        if (errors.Count > 0)
            throw new InvalidDataException($"configuration file '{FullPath}' is invalid: " + string.Join("; ", errors));
        return data;
    }

    /// <summary>
    /// Watches the one file, not its directory tree: a file provider's watcher covers every subdirectory, so a fleet
    /// file next to a busy tree (logs written there, a build's output) would cost the gateway work on every write.
    /// </summary>
    void Watch()
    {
        if (_watcher is not null) return;
        var watcher = new FileSystemWatcher(_directory, _fileName)
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        FileSystemEventHandler changed = (_, _) => ScheduleReload();
        watcher.Changed += changed;
        watcher.Created += changed;
        watcher.Deleted += changed;
        // Editors save by writing a temporary file and renaming it over the original.
        watcher.Renamed += (_, _) => ScheduleReload();
        // Events were lost (the kernel's queue overflowed): read the file again to be sure.
        watcher.Error += (_, _) => ScheduleReload();
        watcher.EnableRaisingEvents = true;
        _watcher = watcher;
    }

    void ScheduleReload()
    {
        lock (_gate)
        {
            // Editors write in several steps (truncate, write, rename): wait for the burst to settle.
            _debounce ??= new Timer(_ => TryReload(), null, Timeout.Infinite, Timeout.Infinite);
            _debounce.Change(_source.ReloadDelay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Reads the file again; applies it only when it is present, well-formed and valid.</summary>
    public void TryReload()
    {
        FleetReloadOutcome outcome;
        try
        {
            if (!File.Exists(FullPath))
            {
                outcome = FleetReloadOutcome.Rejected(FullPath, "the file is missing; keeping the last good configuration");
            }
            else
            {
                var data = Parse(ReadShared(FullPath));
                if (SameAs(data))
                {
                    outcome = FleetReloadOutcome.Unchanged(FullPath);
                }
                else
                {
                    Data = data;
                    outcome = FleetReloadOutcome.Applied(FullPath);
                    OnReload();
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            outcome = FleetReloadOutcome.Rejected(FullPath, ex.Message + "; keeping the last good configuration");
        }
        LastOutcome = outcome;
        Reloaded?.Invoke(outcome);
    }

    bool SameAs(Dictionary<string, string?> data)
        => data.Count == Data.Count && data.All(kv => Data.TryGetValue(kv.Key, out var v) && v == kv.Value);

    static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _debounce?.Dispose();
    }
}
