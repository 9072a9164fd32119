using System.Net;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.ApiDescription;

/// <summary><c>Gateway:OpenApi:Enabled</c>: off answers 404 in the surface's shape, an edit turns it on, a bad value stops the start.</summary>
[NonParallelizable]
public class OpenApiSwitchTests
{
    static FleetConfig Fleet(System.Text.Json.Nodes.JsonNode enabled)
        => new FleetConfig().Cluster("gpu").Worker("gpu", "w1", $"http://127.0.0.1:{FreePort.Next()}").Model("llama3.2:3b", "gpu")
            .Set("Gateway:OpenApi:Enabled", enabled);

    [Test]
    public async Task Disabled_AnswersNotFoundInOllamasShape_AndAnEditPublishesItWithoutARestart()
    {
        await using var gateway = await GatewayProcess.StartAsync(Fleet(false));

        using (var off = await gateway.Http.GetAsync("/openapi.json"))
        {
            Assert.That(off.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(off.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
            var body = await off.ReadJsonObjectAsync();
            Assert.That((string?)body["error"], Does.Contain("Gateway:OpenApi:Enabled"));
            Assert.That(body, Has.Count.EqualTo(1), "Ollama's error shape: {\"error\":\"...\"}");
        }

        await gateway.WriteConfigAsync(Fleet(true));
        await gateway.WaitUntilAsync(async () =>
        {
            using var on = await gateway.Http.GetAsync("/openapi.json");
            return on.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(15), "GET /openapi.json to answer 200 after the edit");
        Assert.That(gateway.Process.Output, Does.Not.Contain("Gateway:OpenApi:Enabled is not a setting"), "the key is a known setting");
    }

    [Test]
    public async Task ANonBooleanValue_StopsTheStart_NamingTheKey()
    {
        var (code, output) = await GatewayProcess.StartExpectingFailureAsync(Fleet("banana").ToJson());
        Assert.That(code, Is.EqualTo(2), output);
        Assert.That(output, Does.Contain("Gateway:OpenApi:Enabled 'banana' is not true or false"));
    }
}
