using ModelGateway.Configuration;

namespace ModelGateway.Tests.Configuration;

/// <summary>How the running gateway notices edits of its fleet file: the file itself, however an editor saves it.</summary>
[NonParallelizable]
public class FleetFileWatchTests
{
    const string Good = """{"ReverseProxy":{"Clusters":{"a":{"Destinations":{"w":{"Address":"http://127.0.0.1:1"}}}}},"Models":[{"Name":"m","Cluster":"a"}]}""";
    const string Moved = """{"ReverseProxy":{"Clusters":{"b":{"Destinations":{"w":{"Address":"http://127.0.0.1:2"}}}}},"Models":[{"Name":"m","Cluster":"b"}]}""";

    string _dir = "";
    string _path = "";

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "mg-watch-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
        _path = Path.Combine(_dir, "fleet.json");
        File.WriteAllText(_path, Good);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    static (FleetConfigurationSource Source, IConfigurationRoot Config) Load(string path)
    {
        var source = new FleetConfigurationSource { Path = path, ReloadDelay = TimeSpan.FromMilliseconds(10) };
        return (source, new ConfigurationBuilder().Add(source).Build());
    }

    [Test]
    public async Task AnEditSavedByRenamingATemporaryFileOverTheFleetFile_IsApplied()
    {
        var (source, config) = Load(_path);
        using var _ = config as IDisposable;
        var applied = new TaskCompletionSource<FleetReloadOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        source.Provider!.Reloaded += outcome => applied.TrySetResult(outcome);

        var temporary = Path.Combine(_dir, ".fleet.json.swp");
        File.WriteAllText(temporary, Moved);
        File.Move(temporary, _path, overwrite: true);

        await applied.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(config["Models:0:Cluster"], Is.EqualTo("b"));
    }

    [Test]
    public void OnlyTheFleetFilesDirectoryIsWatched_NotTheTreeBelowIt()
    {
        // A fleet file at the top of a big tree (a repository, a directory logs are written under): watching every
        // subdirectory costs a kernel watch each and work on every write anywhere below.
        for (var i = 0; i < 30; i++) Directory.CreateDirectory(Path.Combine(_dir, "logs", $"d{i}"));
        var before = InotifyWatches();
        var (_, config) = Load(_path);
        using var _ = config as IDisposable;
        var added = InotifyWatches() - before;
        Assert.That(added, Is.InRange(1, 5), $"{added} directories watched for one fleet file");
    }

    /// <summary>Kernel inotify watches held by this process (each watched directory is one).</summary>
    static int InotifyWatches()
    {
        var count = 0;
        foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            string? target;
            try { target = new FileInfo(fd).LinkTarget; }
            catch (IOException) { continue; }
            if (target != "anon_inode:inotify") continue;
            try { count += File.ReadLines($"/proc/self/fdinfo/{Path.GetFileName(fd)}").Count(l => l.StartsWith("inotify wd:", StringComparison.Ordinal)); }
            catch (IOException) { }
        }
        return count;
    }
}
