using ModelGateway.Configuration;

namespace ModelGateway.Tests.Configuration;

public class FleetConfigValidatorTests
{
    static Dictionary<string, string?> Valid() => new()
    {
        ["ReverseProxy:Clusters:gpu:Destinations:w1:Address"] = "http://10.0.0.1:11434",
        ["ReverseProxy:Clusters:gpu:Destinations:w1:Metadata:Weight"] = "3",
        ["ReverseProxy:Clusters:gpu:Destinations:w1:Metadata:Capacity"] = "4",
        ["Models:0:Name"] = "llama3.2:3b",
        ["Models:0:Cluster"] = "gpu",
        ["Models:0:Aliases:0"] = "chat",
    };

    [Test]
    public void ValidFleet_HasNoErrors() => Assert.That(FleetConfigValidator.Validate(Valid()), Is.Empty);

    [TestCase("Models:0:Cluster", "cpu", "Models:0:Cluster names cluster 'cpu'")]
    [TestCase("ReverseProxy:Clusters:gpu:Destinations:w1:Address", "not a url", "ReverseProxy:Clusters:gpu:Destinations:w1:Address 'not a url'")]
    [TestCase("ReverseProxy:Clusters:gpu:Destinations:w1:Address", "ftp://host", "ReverseProxy:Clusters:gpu:Destinations:w1:Address 'ftp://host'")]
    [TestCase("ReverseProxy:Clusters:gpu:Destinations:w1:Metadata:Weight", "-1", "ReverseProxy:Clusters:gpu:Destinations:w1:Metadata:Weight '-1'")]
    // "NaN" parses as a number and compares false with everything, so range checks alone let it through.
    [TestCase("ReverseProxy:Clusters:gpu:Destinations:w1:Metadata:Weight", "NaN", "ReverseProxy:Clusters:gpu:Destinations:w1:Metadata:Weight 'NaN'")]
    [TestCase("ReverseProxy:Clusters:gpu:Metadata:ConsecutiveFailuresHealthPolicy.Threshold", "NaN", "ReverseProxy:Clusters:gpu:Metadata:ConsecutiveFailuresHealthPolicy.Threshold 'NaN'")]
    [TestCase("ReverseProxy:Clusters:gpu:Metadata:TransportFailureRateHealthPolicy.RateLimit", "NaN", "ReverseProxy:Clusters:gpu:Metadata:TransportFailureRateHealthPolicy.RateLimit 'NaN'")]
    [TestCase("ReverseProxy:Clusters:gpu:Destinations:w1:Metadata:Capacity", "two", "ReverseProxy:Clusters:gpu:Destinations:w1:Metadata:Capacity 'two'")]
    [TestCase("ReverseProxy:Clusters:gpu:LoadBalancingPolicy", "Fastest", "ReverseProxy:Clusters:gpu:LoadBalancingPolicy 'Fastest' is unknown")]
    [TestCase("ReverseProxy:Clusters:gpu:SessionAffinity:Policy", "HashCookie", "ReverseProxy:Clusters:gpu:SessionAffinity:Policy HashCookie")]
    [TestCase("ReverseProxy:Clusters:gpu:HealthCheck:Active:Interval", "soon", "ReverseProxy:Clusters:gpu:HealthCheck:Active:Interval 'soon'")]
    [TestCase("ReverseProxy:Clusters:gpu:Metadata:ConsecutiveFailuresHealthPolicy.Threshold", "zero", "ReverseProxy:Clusters:gpu:Metadata:ConsecutiveFailuresHealthPolicy.Threshold 'zero'")]
    [TestCase("ReverseProxy:Clusters:gpu:Metadata:TransportFailureRateHealthPolicy.RateLimit", "2", "ReverseProxy:Clusters:gpu:Metadata:TransportFailureRateHealthPolicy.RateLimit '2'")]
    [TestCase("Logging:LogLevel:Default", "Loud", "Logging:LogLevel:Default 'Loud' is not a log level")]
    [TestCase("Logging:Console:LogLevel:Yarp", "Chatty", "Logging:Console:LogLevel:Yarp 'Chatty' is not a log level")]
    [TestCase("Models:0:Name", "bad name!", "Models:0:Name 'bad name!' is not a valid model name")]
    [TestCase("Models:0:Aliases:0", "llama3.2:3b", "Models:0:Aliases:0 'llama3.2:3b' is already used by Models:0:Name")]
    public void EachMistake_IsReportedWithItsKey(string key, string value, string expected)
    {
        var data = Valid();
        data[key] = value;
        Assert.That(FleetConfigValidator.Validate(data), Has.Some.StartsWith(expected));
    }

    [TestCase("Logging:LogLevel:Default", "warning")]
    [TestCase("Logging:Console:LogLevel:Yarp", "None")]
    public void LogLevels_AreAcceptedAsTheLoggingFrameworkReadsThem(string key, string value)
    {
        var data = Valid();
        data[key] = value;
        Assert.That(FleetConfigValidator.Validate(data), Is.Empty);
    }

    [Test]
    public void AffinityEnabledWithoutPolicy_IsRejected_BecauseTheDefaultIsHashCookie()
    {
        var data = Valid();
        data["ReverseProxy:Clusters:gpu:SessionAffinity:Enabled"] = "true";
        Assert.That(FleetConfigValidator.Validate(data), Has.Some.Contains("HashCookie"));
    }

    [Test]
    public void RouteToMissingCluster_IsRejected()
    {
        var data = Valid();
        data["ReverseProxy:Routes:r1:ClusterId"] = "nowhere";
        Assert.That(FleetConfigValidator.Validate(data), Has.Some.StartsWith("ReverseProxy:Routes:r1:ClusterId names cluster 'nowhere'"));
    }

    [Test]
    public void ClusterWithoutWorkers_IsRejected()
    {
        var data = new Dictionary<string, string?> { ["ReverseProxy:Clusters:empty:LoadBalancingPolicy"] = "RoundRobin" };
        Assert.That(FleetConfigValidator.Validate(data), Has.Some.StartsWith("ReverseProxy:Clusters:empty:Destinations is empty"));
    }
    /// <summary>Two clusters (one speaking OpenAI), a model with an alias on each Ollama one, and a model on the OpenAI one.</summary>
    static Dictionary<string, string?> WithFallbacks(params (string Key, string? Value)[] extra)
    {
        var data = Valid();
        data["ReverseProxy:Clusters:cpu:Destinations:c1:Address"] = "http://10.0.0.2:11434";
        data["ReverseProxy:Clusters:vllm:Destinations:v1:Address"] = "http://10.0.0.3:8000";
        data["ReverseProxy:Clusters:vllm:Metadata:Protocol"] = "openai";
        data["Models:1:Name"] = "qwen2.5:7b";
        data["Models:1:Cluster"] = "cpu";
        data["Models:1:Aliases:0"] = "backup";
        data["Models:2:Name"] = "mistral:7b";
        data["Models:2:Cluster"] = "vllm";
        foreach (var (key, value) in extra) data[key] = value;
        return data;
    }

    [Test]
    public void Fallbacks_NamingConfiguredModelsAliasesOrDiscoverableOnes_AreAccepted()
    {
        var data = WithFallbacks(("Models:0:Fallbacks:0", "backup"), ("Models:0:Fallbacks:1", "gemma2:2b"),
            // Only a model's own list is followed, so two models may fall back to each other.
            ("Models:1:Fallbacks:0", "Llama3.2:3B"));
        Assert.That(FleetConfigValidator.Validate(data), Is.Empty);
    }

    [TestCase("Models:0:Fallbacks:0", "", "Models:0:Fallbacks:0 is empty; name a model")]
    [TestCase("Models:0:Fallbacks:0", "   ", "Models:0:Fallbacks:0 is empty; name a model")]
    [TestCase("Models:0:Fallbacks:0", "bad name!", "Models:0:Fallbacks:0 'bad name!' is not a valid model name")]
    [TestCase("Models:0:Fallbacks:0", "llama3.2:3b", "Models:0:Fallbacks:0 'llama3.2:3b' is llama3.2:3b itself (Models:0)")]
    [TestCase("Models:0:Fallbacks:0", "CHAT", "Models:0:Fallbacks:0 'CHAT' is llama3.2:3b itself (Models:0)")]
    [TestCase("Models:0:Fallbacks:0", "mistral:7b", "Models:0:Fallbacks:0 'mistral:7b' is served by cluster 'vllm', whose workers speak openai, but llama3.2:3b by cluster 'gpu', whose workers speak ollama")]
    [TestCase("Models:0:Fallbacks", "qwen2.5:7b", "Models:0:Fallbacks 'qwen2.5:7b' must be a list of model names")]
    public void EachFallbackMistake_IsReportedWithItsKey(string key, string value, string expected)
        => Assert.That(FleetConfigValidator.Validate(WithFallbacks((key, value))), Has.Some.StartsWith(expected));

    [Test]
    public void SameFallbackListedTwice_UnderAnotherName_IsRejected()
    {
        var data = WithFallbacks(("Models:0:Fallbacks:0", "qwen2.5:7b"), ("Models:0:Fallbacks:1", "backup"));
        Assert.That(FleetConfigValidator.Validate(data), Is.EqualTo(new[] { "Models:0:Fallbacks:1 'backup' is the same model as Models:0:Fallbacks:0" }));
    }

    [Test]
    public void UnconfiguredFallback_IsRejected_OnlyWhenDiscoveryIsOff()
    {
        var data = WithFallbacks(("Models:0:Fallbacks:0", "gemma2:2b"));
        Assert.That(FleetConfigValidator.Validate(data), Is.Empty);
        data["ModelRouting:DiscoverFromWorkers"] = "false";
        Assert.That(FleetConfigValidator.Validate(data), Has.Some.StartsWith(
            "Models:0:Fallbacks:0 'gemma2:2b' is no name or alias in Models, and with ModelRouting:DiscoverFromWorkers false no other model is served"));
    }
}
