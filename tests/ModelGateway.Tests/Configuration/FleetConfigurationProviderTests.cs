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

    (FleetConfigurationProvider Provider, IConfigurationRoot Config) Load()
    {
        File.WriteAllText(_path, Good);
        var source = new FleetConfigurationSource { Path = _path, ReloadDelay = TimeSpan.FromMilliseconds(10) };
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
        var ex = Assert.Throws<InvalidDataException>(() => new ConfigurationBuilder().Add(source).Build());
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
