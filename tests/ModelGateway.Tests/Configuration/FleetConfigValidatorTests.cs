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
}
