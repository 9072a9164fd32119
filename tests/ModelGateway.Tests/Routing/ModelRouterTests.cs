using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using ModelGateway.Inventory;
using ModelGateway.Routing;

namespace ModelGateway.Tests.Routing;

public class ModelRouterTests
{
    readonly WorkerInventoryStore _inventory = new();

    static IConfigurationRoot Config(params (string Key, string Value)[] pairs)
        => new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();

    ModelRouter Router(IConfiguration config, bool discover = true)
        => new(config, _inventory, new StaticOptions(new ModelRoutingOptions { DiscoverFromWorkers = discover }));

    static readonly (string, string)[] Fleet =
    [
        ("Models:0:Name", "llama3.2:3b"), ("Models:0:Cluster", "gpu"), ("Models:0:Aliases:0", "chat"), ("Models:0:Aliases:1", "gpt-4o-mini"),
        ("Models:1:Name", "nomic-embed-text"), ("Models:1:Cluster", "cpu"),
    ];

    [TestCase("llama3.2:3b", "llama3.2:3b")]
    [TestCase("Llama3.2:3B", "llama3.2:3b")]
    [TestCase("registry.ollama.ai/library/llama3.2:3b", "llama3.2:3b")]
    [TestCase("chat", "llama3.2:3b")]
    [TestCase("chat:latest", "llama3.2:3b")]
    [TestCase("gpt-4o-mini", "llama3.2:3b")]
    [TestCase("nomic-embed-text:latest", "nomic-embed-text")]
    public void ConfiguredNamesAndAliases_ResolveLikeOllamaMatchesNames(string requested, string workerModel)
    {
        var route = Router(Config(Fleet)).Resolve(requested);
        Assert.That(route, Is.Not.Null);
        Assert.That(route!.WorkerModel, Is.EqualTo(workerModel));
        Assert.That(route.RequestedName, Is.EqualTo(requested));
        Assert.That(route.IsConfigured, Is.True);
    }

    [Test]
    public void ModelOnlyAWorkerHas_IsFoundByDiscovery_AndOnlyWithIt()
    {
        _inventory.Set(new WorkerInventory("cpu", "w1", new Dictionary<string, string> { ["phi3:mini"] = "phi3:mini" }.ToFrozenDictionary(),
            FrozenSet<string>.Empty, "0.12.10", DateTimeOffset.UtcNow));
        var discovered = Router(Config(Fleet)).Resolve("PHI3:mini");
        Assert.That(discovered, Is.Not.Null);
        Assert.That((discovered!.ClusterId, discovered.WorkerModel, discovered.IsConfigured), Is.EqualTo(("cpu", "phi3:mini", false)));
        Assert.That(Router(Config(Fleet), discover: false).Resolve("phi3:mini"), Is.Null);
    }

    [Test]
    public void UnknownModel_HasNoRoute() => Assert.That(Router(Config(Fleet)).Resolve("mistral"), Is.Null);

    [Test]
    public void Listing_HasEveryNameAndAliasOnce()
    {
        var names = Router(Config(Fleet), discover: false).ListServedModels().Select(m => (m.Name, m.IsAlias)).ToList();
        Assert.That(names, Is.EquivalentTo(new[] { ("llama3.2:3b", false), ("chat", true), ("gpt-4o-mini", true), ("nomic-embed-text", false) }));
    }

    [Test]
    public void Reload_ChangesRoutes()
    {
        var config = Config(Fleet);
        var router = Router(config);
        config["Models:0:Cluster"] = "gpu2";
        config.Reload();
        Assert.That(router.Resolve("chat")!.ClusterId, Is.EqualTo("gpu2"));
    }

    sealed class StaticOptions(ModelRoutingOptions value) : IOptionsMonitor<ModelRoutingOptions>
    {
        public ModelRoutingOptions CurrentValue => value;
        public ModelRoutingOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<ModelRoutingOptions, string?> listener) => null;
    }
}
