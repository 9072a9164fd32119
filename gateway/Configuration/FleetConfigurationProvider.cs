namespace ModelGateway.Configuration;

/// <summary>
/// Loads the fleet file and reloads it when it changes. Unlike the framework's JSON provider, a reload that
/// finds the file missing, malformed or invalid keeps the previous data (the framework's would serve an empty
/// configuration, which makes YARP drop every cluster). The first load throws, so start-up fails fast.
/// </summary>
/// <remarks>
/// An edit is published only after the whole configuration it would produce has passed every check: the file's own
/// (<see cref="FleetConfigValidator"/>) and, once the host runs, <see cref="CandidateCheck"/>, which binds and validates
/// every options type and asks YARP about every cluster and route. The candidate is visible to the checking thread
/// alone (<see cref="TryGet"/>), so requests keep reading the published configuration meanwhile. Should a consumer of
/// the change still fail, or YARP refuse what it is given, the previous data is published again: an edit is applied
/// whole or not at all.
/// </remarks>
public sealed class FleetConfigurationProvider : ConfigurationProvider, IDisposable
{
    readonly FleetConfigurationSource _source;
    readonly string _directory;
    readonly string _fileName;
    FileSystemWatcher? _watcher;
    Timer? _debounce;
    readonly object _gate = new();
    readonly object _reloadGate = new();

    /// <summary>The data being checked, seen only by the thread checking it.</summary>
    volatile CandidateView? _candidate;

    /// <summary>Thread publishing an edit; YARP's verdict on it arrives on that thread when YARP applies it inline.</summary>
    volatile int _publishingThread;
    string? _proxyRefusal;
    bool _proxyApplied;

    /// <summary>The data before the last publish, while YARP has not yet said whether it applied that publish.</summary>
    Dictionary<string, string?>? _beforeUnconfirmedPublish;

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

    /// <summary>
    /// Checks the whole configuration as the calling thread sees it and returns one line per problem. Set by the host
    /// (<see cref="FleetConfigurationCheck"/>); called with a reload's candidate visible, before the candidate is published.
    /// </summary>
    public Func<IReadOnlyList<string>>? CandidateCheck { get; set; }

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
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(FullPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw FleetConfigurationException.Unreadable(FullPath, ex);
            }
            Data = Parse(bytes);
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
            throw FleetConfigurationException.NotJson(FullPath, ex);
        }
        var errors = FleetConfigValidator.Validate(data);
        if (errors.Count > 0)
            throw FleetConfigurationException.Invalid(FullPath, errors);
        return data;
    }

    public override bool TryGet(string key, out string? value)
    {
        if (_candidate is { } view && view.ThreadId == Environment.CurrentManagedThreadId)
            return view.Data.TryGet(key, out value);
        return base.TryGet(key, out value);
    }

    public override IEnumerable<string> GetChildKeys(IEnumerable<string> earlierKeys, string? parentPath)
    {
        if (_candidate is { } view && view.ThreadId == Environment.CurrentManagedThreadId)
            return view.Data.GetChildKeys(earlierKeys, parentPath);
        return base.GetChildKeys(earlierKeys, parentPath);
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

    /// <summary>Reads the file again; applies it only when it is present, well-formed and valid as a whole.</summary>
    public void TryReload()
    {
        FleetReloadOutcome outcome;
        // One reload at a time: a debounce timer firing again while a slow check runs waits for it.
        lock (_reloadGate)
        {
            try
            {
                outcome = Reload();
            }
            catch (Exception ex) when (ex is FleetConfigurationException or IOException or UnauthorizedAccessException)
            {
                outcome = FleetReloadOutcome.Rejected(FullPath, ex.Message + "; keeping the last good configuration");
            }
            catch (Exception ex)
            {
                // Nothing a file can contain may stop the process: an unexpected failure of a check rejects the edit.
                outcome = FleetReloadOutcome.Rejected(FullPath, $"checking the configuration failed ({Describe(ex)}); keeping the last good configuration");
            }
            LastOutcome = outcome;
        }
        Reloaded?.Invoke(outcome);
    }

    FleetReloadOutcome Reload()
    {
        if (!File.Exists(FullPath))
            return FleetReloadOutcome.Rejected(FullPath, "the file is missing; keeping the last good configuration");

        var data = Parse(ReadShared(FullPath));
        if (SameAs(data))
            return FleetReloadOutcome.Unchanged(FullPath);

        if (CandidateCheck is { } check)
        {
            var problems = WithCandidate(data, check);
            if (problems.Count > 0)
                throw FleetConfigurationException.Invalid(FullPath, problems);
        }

        var failure = Publish(data);
        return failure is null
            ? FleetReloadOutcome.Applied(FullPath)
            : FleetReloadOutcome.Rejected(FullPath, failure + "; the last good configuration was restored");
    }

    /// <summary>Runs <paramref name="check"/> with <paramref name="data"/> in place of the file's data, for this thread only.</summary>
    IReadOnlyList<string> WithCandidate(Dictionary<string, string?> data, Func<IReadOnlyList<string>> check)
    {
        _candidate = new CandidateView(Environment.CurrentManagedThreadId, new SnapshotProvider(data));
        try
        {
            return check();
        }
        finally
        {
            _candidate = null;
        }
    }

    /// <summary>Publishes <paramref name="data"/>; when a consumer fails on it or YARP refuses it, publishes the previous data again.</summary>
    /// <returns>Null when applied, else why it was taken back.</returns>
    string? Publish(Dictionary<string, string?> data)
    {
        var previous = Data is Dictionary<string, string?> d ? d : new Dictionary<string, string?>(Data, StringComparer.OrdinalIgnoreCase);
        _proxyRefusal = null;
        _proxyApplied = false;
        _publishingThread = Environment.CurrentManagedThreadId;
        try
        {
            Data = data;
            string? failure = null;
            try
            {
                OnReload();
            }
            catch (Exception ex)
            {
                failure = "applying it failed: " + Describe(ex);
            }
            if (failure is null && _proxyRefusal is { } refusal)
                failure = "the reverse proxy (YARP) refused it: " + refusal;

            if (failure is null)
            {
                // YARP normally applies inline; if it did not, its verdict arrives later (ProxyConfigRefused).
                _beforeUnconfirmedPublish = _proxyApplied ? null : previous;
                return null;
            }

            Data = previous;
            _beforeUnconfirmedPublish = null;
            try
            {
                OnReload();
            }
            catch (Exception ex)
            {
                failure += "; republishing the last good configuration also reported: " + Describe(ex);
            }
            return failure;
        }
        finally
        {
            _publishingThread = 0;
        }
    }

    /// <summary>YARP applied the configuration it was given.</summary>
    internal void ProxyConfigApplied()
    {
        if (_publishingThread == Environment.CurrentManagedThreadId)
            _proxyApplied = true;
        else
            Volatile.Write(ref _beforeUnconfirmedPublish, null);
    }

    /// <summary>
    /// YARP refused the configuration it was given (it keeps its previous one). During a publish the publish is taken
    /// back; later (YARP applied asynchronously) the last publish is taken back, so the model table and options never
    /// disagree with YARP's clusters.
    /// </summary>
    internal void ProxyConfigRefused(string reason)
    {
        if (_publishingThread == Environment.CurrentManagedThreadId)
        {
            _proxyRefusal ??= reason;
            return;
        }
        if (Volatile.Read(ref _beforeUnconfirmedPublish) is null) return;
        ThreadPool.QueueUserWorkItem(_ => TakeBackUnconfirmedPublish(reason));
    }

    void TakeBackUnconfirmedPublish(string reason)
    {
        FleetReloadOutcome outcome;
        lock (_reloadGate)
        {
            if (_beforeUnconfirmedPublish is not { } previous) return;
            _beforeUnconfirmedPublish = null;
            var failure = $"the reverse proxy (YARP) refused the last applied edit: {reason}";
            _publishingThread = Environment.CurrentManagedThreadId;
            try
            {
                Data = previous;
                OnReload();
            }
            catch (Exception ex)
            {
                failure += "; republishing the configuration before it also reported: " + Describe(ex);
            }
            finally
            {
                _publishingThread = 0;
            }
            outcome = FleetReloadOutcome.Rejected(FullPath, failure + "; the configuration before it was restored");
            LastOutcome = outcome;
        }
        Reloaded?.Invoke(outcome);
    }

    /// <summary>One line from an exception and what it wraps (change callbacks throw AggregateException).</summary>
    internal static string Describe(Exception ex)
    {
        if (ex is AggregateException aggregate)
            return string.Join("; ", aggregate.Flatten().InnerExceptions.Select(Describe).Distinct());
        var text = ex.Message;
        if (ex.InnerException is { } inner && !text.Contains(inner.Message, StringComparison.Ordinal))
            text += " (" + Describe(inner) + ")";
        return text.ReplaceLineEndings(" ");
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

    sealed record CandidateView(int ThreadId, SnapshotProvider Data);

    /// <summary>The framework's key lookup and child enumeration over a reload's candidate data.</summary>
    sealed class SnapshotProvider : ConfigurationProvider
    {
        public SnapshotProvider(IDictionary<string, string?> data) => Data = data;
    }
}
