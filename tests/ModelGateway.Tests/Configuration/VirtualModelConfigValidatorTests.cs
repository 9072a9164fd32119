using ModelGateway.Configuration;

namespace ModelGateway.Tests.Configuration;

/// <summary>A virtual model (a <c>Models</c> entry with <c>Routes</c>) is checked like every Models key, naming the key at fault.</summary>
public class VirtualModelConfigValidatorTests
{
    static Dictionary<string, string?> Valid() => new()
    {
        ["ReverseProxy:Clusters:gpu:Destinations:w1:Address"] = "http://10.0.0.1:11434",
        ["Models:0:Name"] = "llama3.2:3b",
        ["Models:0:Cluster"] = "gpu",
        ["Models:1:Name"] = "llava:13b",
        ["Models:1:Cluster"] = "gpu",
        ["Models:1:Aliases:0"] = "vision",
        ["Models:2:Name"] = "auto",
        ["Models:2:Routes:0:When:HasImages"] = "true",
        ["Models:2:Routes:0:Model"] = "vision",
        ["Models:2:Routes:1:When:HasTools"] = "true",
        ["Models:2:Routes:1:When:MinPromptTokens"] = "10",
        ["Models:2:Routes:1:When:MaxPromptTokens"] = "4000",
        ["Models:2:Routes:1:Model"] = "qwen2.5:7b",
        ["Models:2:Routes:2:Model"] = "llama3.2:3b",
        ["ModelRouting:DiscoverFromWorkers"] = "true",
    };

    static IReadOnlyList<string> ErrorsWith(params (string Key, string? Value)[] changes)
    {
        var data = Valid();
        foreach (var (key, value) in changes)
        {
            if (value is null) data.Remove(key);
            else data[key] = value;
        }
        return FleetConfigValidator.Validate(data);
    }

    [Test]
    public void AVirtualModelWithoutCluster_RulesNamingAliasesAndDiscoverableModels_IsAccepted()
        => Assert.That(FleetConfigValidator.Validate(Valid()), Is.Empty);

    [TestCase("Models:2:Cluster", "gpu", "Models:2:Cluster is not allowed on a virtual model")]
    [TestCase("Models:2:KeepLoaded", "1", "Models:2:KeepLoaded is not allowed on a virtual model")]
    [TestCase("Models:2:KeepAlive", "1h", "Models:2:KeepAlive is not allowed on a virtual model")]
    [TestCase("Models:2:Fallbacks:0", "llava:13b", "Models:2:Fallbacks is not allowed on a virtual model")]
    [TestCase("Models:2:Routes:0:When:HasImages", "yes", "Models:2:Routes:0:When:HasImages 'yes' must be true or false")]
    [TestCase("Models:2:Routes:1:When:HasTools", "1", "Models:2:Routes:1:When:HasTools '1' must be true or false")]
    [TestCase("Models:2:Routes:1:When:MaxPromptTokens", "-5", "Models:2:Routes:1:When:MaxPromptTokens '-5' must be a whole number")]
    [TestCase("Models:2:Routes:1:When:MinPromptTokens", "lots", "Models:2:Routes:1:When:MinPromptTokens 'lots' must be a whole number")]
    [TestCase("Models:2:Routes:1:When:MinPromptTokens", "5000", "Models:2:Routes:1:When:MinPromptTokens 5000 is above MaxPromptTokens 4000")]
    [TestCase("Models:2:Routes:0:Model", "bad name!", "Models:2:Routes:0:Model 'bad name!' is not a valid model name")]
    [TestCase("Models:2:Routes:0:Model", "", "Models:2:Routes:0:Model is required")]
    [TestCase("Models:2:Routes:0:Model", "auto", "Models:2:Routes:0:Model 'auto' is a virtual model itself")]
    [TestCase("Models:2:Routes:2:When:HasImages", "false", "Models:2:Routes must end with a rule without When")]
    [TestCase("Models:2:Routes", "llama3.2:3b", "Models:2:Routes 'llama3.2:3b' must be a list of rules")]
    [TestCase("Models:0:Fallbacks:0", "auto", "Models:0:Fallbacks:0 'auto' is a virtual model; a fallback must be a real model")]
    public void EachMistake_IsReportedWithItsKey(string key, string value, string expected)
        => Assert.That(ErrorsWith((key, value)), Has.Some.StartsWith(expected));

    [Test]
    public void ARuleWithoutWhen_BeforeTheLast_IsReported()
        => Assert.That(ErrorsWith(("Models:2:Routes:0:When:HasImages", null)),
            Has.Some.StartsWith("Models:2:Routes:0 has no When, so it matches every request"));

    [Test]
    public void ARuleNamingAnUnknownModel_IsReported_WhenDiscoveryIsOff()
        => Assert.That(ErrorsWith(("ModelRouting:DiscoverFromWorkers", "false")),
            Has.Some.StartsWith("Models:2:Routes:1:Model 'qwen2.5:7b' is no name or alias in Models"));

    [Test]
    public void AnEntryWithNeitherClusterNorRoutes_IsStillReported()
        => Assert.That(ErrorsWith(("Models:0:Cluster", null)), Has.Some.StartsWith("Models:0:Cluster is required"));
}
