using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Caching;

public class ResponseCacheOptionsTests
{
    [TestCase("MaxEntryBytes", "10", "ResponseCache:MaxEntryBytes must be between")]
    [TestCase("Ttl", "\"00:00:00\"", "ResponseCache:Ttl must be between")]
    [TestCase("MaxTotalBytes", "2048", "ResponseCache:MaxTotalBytes must not be smaller than ResponseCache:MaxEntryBytes")]
    public async Task BadSetting_StopsTheGatewayNamingTheKey(string key, string json, string message)
    {
        var config = new FleetConfig().Cluster("local").Worker("local", "w", "http://127.0.0.1:9").Model(CacheFleet.ChatModel, "local")
            .Set("ResponseCache:" + key, System.Text.Json.Nodes.JsonNode.Parse(json));

        var (exitCode, output) = await GatewayProcess.StartExpectingFailureAsync(config.ToJson());

        Assert.That(exitCode, Is.Not.Zero);
        Assert.That(output, Does.Contain(message));
    }
}
