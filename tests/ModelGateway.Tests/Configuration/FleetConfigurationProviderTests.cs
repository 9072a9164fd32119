using Microsoft.Extensions.Primitives;
using ModelGateway.Configuration;

namespace ModelGateway.Tests.Configuration;

public class FleetConfigurationProviderTests
{
    string _dir = "";
    string _path = "";

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "mg-provider-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
        _path = Path.Combine(_dir, "fleet.json");
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    const string Good = """{"ReverseProxy":{"Clusters":{"a":{"Destinations":{"w":{"Address":"http://127.0.0.1:1"}}}}},"Models":[{"Name":"m","Cluster":"a"}]}""";
    const string Moved = """{"ReverseProxy":{"Clusters":{"b":{"Destinations":{"w":{"Address":"http://127.0.0.1:2"}}}}},"Models":[{"Name":"m","Cluster":"b"}]}""";

    /// <param name="manualOnly">Reload only when the test calls TryReload (the watcher's reload would race with it).</param>
    (FleetConfigurationProvider Provider, IConfigurationRoot Config) Load(bool manualOnly = false)
    {
        File.WriteAllText(_path, Good);
        var source = new FleetConfigurationSource { Path = _path, ReloadDelay = manualOnly ? TimeSpan.FromHours(1) : TimeSpan.FromMilliseconds(10) };
        var config = new ConfigurationBuilder().Add(source).Build();
        return (source.Provider!, config);
    }

    [Test]
    public void ValidEdit_IsApplied()
    {
        var (provider, config) = Load();
        File.WriteAllText(_path, Moved);
        provider.TryReload();
        Assert.That(provider.LastOutcome!.Result, Is.EqualTo(FleetReloadResult.Applied));
        Assert.That(config["Models:0:Cluster"], Is.EqualTo("b"));
    }

    [TestCase("{ \"ReverseProxy\": ", "not valid JSON")]
    [TestCase("""{"ReverseProxy":{"Clusters":{"a":{"Destinations":{"w":{"Address":"http://127.0.0.1:1"}}}}},"Models":[{"Name":"m","Cluster":"zzz"}]}""", "Models:0:Cluster")]
    [TestCase("""{"ReverseProxy":{"Clusters":{"a":{"Destinations":{"w":{"Address":"nope"}}}}}}""", "ReverseProxy:Clusters:a:Destinations:w:Address")]
    public void BadEdit_IsRejectedNamingTheProblem_AndTheLastGoodConfigStays(string content, string named)
    {
        var (provider, config) = Load();
        File.WriteAllText(_path, content);
        provider.TryReload();
        Assert.That(provider.LastOutcome!.Result, Is.EqualTo(FleetReloadResult.Rejected));
        Assert.That(provider.LastOutcome.Error, Does.Contain(named));
        Assert.That(config["Models:0:Cluster"], Is.EqualTo("a"));
        Assert.That(config["ReverseProxy:Clusters:a:Destinations:w:Address"], Is.EqualTo("http://127.0.0.1:1"));
    }

    [Test]
    public void CandidateCheck_SeesTheEdit_WhileOtherThreadsStillReadTheLastGoodData()
    {
        var (provider, config) = Load(manualOnly: true);
        string? seenByCheck = null, seenElsewhere = null;
        provider.CandidateCheck = () =>
        {
            seenByCheck = config["Models:0:Cluster"];
            var other = new Thread(() => seenElsewhere = config["Models:0:Cluster"]);
            other.Start();
            other.Join();
            return ["Dispatch:MaxAttempts must be between 1 and 20"];
        };
        File.WriteAllText(_path, Moved);
        provider.TryReload();

        Assert.That(seenByCheck, Is.EqualTo("b"), "the check reads the edit as it would be published");
        Assert.That(seenElsewhere, Is.EqualTo("a"), "requests meanwhile read the published configuration");
        Assert.That(provider.LastOutcome!.Result, Is.EqualTo(FleetReloadResult.Rejected));
        Assert.That(provider.LastOutcome.Error, Does.Contain("Dispatch:MaxAttempts must be between 1 and 20"));
        Assert.That(config["Models:0:Cluster"], Is.EqualTo("a"));
    }

    [Test]
    public void CandidateCheck_Throwing_RejectsTheEdit_InsteadOfEscaping()
    {
        var (provider, config) = Load(manualOnly: true);
        provider.CandidateCheck = () => throw new InvalidOperationException("surprise");
        File.WriteAllText(_path, Moved);
        Assert.DoesNotThrow(provider.TryReload);
        Assert.That(provider.LastOutcome!.Result, Is.EqualTo(FleetReloadResult.Rejected));
        Assert.That(provider.LastOutcome.Error, Does.Contain("surprise"));
        Assert.That(config["Models:0:Cluster"], Is.EqualTo("a"));
    }

    [Test]
    public void ConsumerFailingOnThePublishedEdit_TakesItBack_WithoutThrowing()
    {
        var (provider, config) = Load(manualOnly: true);
        var seen = new List<string?>();
        using var subscription = ChangeToken.OnChange(config.GetReloadToken, () =>
        {
            var cluster = config["Models:0:Cluster"];
            seen.Add(cluster);
            if (cluster == "b") throw new InvalidOperationException("Models:0:Cluster 'b' cannot be served");
        });
        File.WriteAllText(_path, Moved);
        Assert.DoesNotThrow(provider.TryReload);

        Assert.That(provider.LastOutcome!.Result, Is.EqualTo(FleetReloadResult.Rejected));
        Assert.That(provider.LastOutcome.Error, Does.Contain("Models:0:Cluster 'b' cannot be served").And.Contain("last good configuration was restored"));
        Assert.That(config["Models:0:Cluster"], Is.EqualTo("a"));
        Assert.That(seen, Is.EqualTo(new[] { "b", "a" }), "consumers are handed the last good configuration again");
    }

    [Test]
    public void ProxyRefusingTheEditWhileItIsPublished_TakesItBack()
    {
        var (provider, config) = Load(manualOnly: true);
        // YARP applies a new configuration inside the change notification and tells its listeners there.
        using var subscription = ChangeToken.OnChange(config.GetReloadToken, () =>
        {
            if (config["Models:0:Cluster"] == "b") provider.ProxyConfigRefused("No matching IAvailableDestinationsPolicy found for 'Bogus'");
            else provider.ProxyConfigApplied();
        });
        File.WriteAllText(_path, Moved);
        provider.TryReload();

        Assert.That(provider.LastOutcome!.Result, Is.EqualTo(FleetReloadResult.Rejected));
        Assert.That(provider.LastOutcome.Error, Does.Contain("refused it: No matching IAvailableDestinationsPolicy found for 'Bogus'"));
        Assert.That(config["Models:0:Cluster"], Is.EqualTo("a"));
    }

    [Test]
    public async Task ProxyRefusingTheEditAfterwards_TakesTheLastEditBack()
    {
        var (provider, config) = Load(manualOnly: true);
        File.WriteAllText(_path, Moved);
        provider.TryReload();
        Assert.That(provider.LastOutcome!.Result, Is.EqualTo(FleetReloadResult.Applied));
        Assert.That(config["Models:0:Cluster"], Is.EqualTo("b"));

        // No verdict came during the publish (YARP finished applying on another thread); now it refuses.
        provider.ProxyConfigRefused("Max connections per server limit set on the cluster 'b' must be positive.");
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (config["Models:0:Cluster"] != "a" && DateTime.UtcNow < deadline) await Task.Delay(20);

        Assert.That(config["Models:0:Cluster"], Is.EqualTo("a"));
        Assert.That(provider.LastOutcome!.Result, Is.EqualTo(FleetReloadResult.Rejected));
        Assert.That(provider.LastOutcome.Error, Does.Contain("Max connections per server limit"));
    }

    [Test]
    public async Task ProxyConfirmingTheEditAfterwards_KeepsIt()
    {
        var (provider, config) = Load(manualOnly: true);
        File.WriteAllText(_path, Moved);
        provider.TryReload();
        provider.ProxyConfigApplied();
        // A refusal that is not about this edit (nothing is waiting for a verdict) changes nothing.
        provider.ProxyConfigRefused("unrelated");
        await Task.Delay(200);
        Assert.That(config["Models:0:Cluster"], Is.EqualTo("b"));
        Assert.That(provider.LastOutcome!.Result, Is.EqualTo(FleetReloadResult.Applied));
    }

    [Test]
    public void FileMissingMidSave_KeepsTheLastGoodConfig()
    {
        var (provider, config) = Load();
        File.Delete(_path);
        provider.TryReload();
        Assert.That(provider.LastOutcome!.Result, Is.EqualTo(FleetReloadResult.Rejected));
        Assert.That(config["Models:0:Cluster"], Is.EqualTo("a"));
    }

    [Test]
    public void InvalidFileAtStartUp_Throws_NamingTheKey()
    {
        File.WriteAllText(_path, """{"ReverseProxy":{"Clusters":{"a":{"Destinations":{"w":{"Address":"http://x:1","Metadata":{"Weight":"heavy"}}}}}}}""");
        var source = new FleetConfigurationSource { Path = _path };
        var ex = Assert.Throws<FleetConfigurationException>(() => new ConfigurationBuilder().Add(source).Build());
        Assert.That(ex!.Message, Does.Contain("ReverseProxy:Clusters:a:Destinations:w:Metadata:Weight 'heavy'"));
    }

    [Test]
    public void Flattening_MatchesTheFrameworkJsonProvider()
    {
        const string json = """{"A":{"B":[1,{"C":true}],"D":null,"E":"x"}}""";
        File.WriteAllText(_path, json);
        var ours = JsonConfigurationFlattener.Flatten(System.Text.Encoding.UTF8.GetBytes(json));
        var framework = new ConfigurationBuilder().AddJsonFile(_path).Build().AsEnumerable().Where(kv => kv.Value is not null)
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.That(ours.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value), Is.EquivalentTo(framework));
    }
}
