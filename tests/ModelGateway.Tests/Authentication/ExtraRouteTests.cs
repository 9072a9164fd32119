using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ModelGateway.Authentication;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Authentication;

/// <summary>
/// Extra <c>ReverseProxy:Routes</c> entries forward to an upstream the gateway does not own (here a real nginx that
/// echoes the credentials it receives): they need a key like any API path, and the caller's gateway key must not
/// travel with the request.
/// </summary>
[NonParallelizable]
public class ExtraRouteTests
{
    static readonly string Key = ApiKeyCommand.Mint();

    NginxProcess _upstream = null!;
    GatewayProcess _gateway = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _upstream = await NginxProcess.StartAsync("""
            server {
                listen 127.0.0.1:{port};
                location / { default_type text/plain; return 200 "authorization=[$http_authorization] x-api-key=[$http_x_api_key]"; }
            }
            """);
        var config = new FleetConfig()
            .Cluster("side").Worker("side", "nginx", _upstream.BaseUrl)
            .Set("Authentication:Anonymous:Enabled", false)
            .Set("Authentication:ApiKeys", new JsonArray(KeyedConfig.Entry("team", Key, ["*"])))
            .Set("ReverseProxy:Routes:plain:ClusterId", "side")
            .Set("ReverseProxy:Routes:plain:Match:Path", "/side/{**rest}")
            .Set("ReverseProxy:Routes:own:ClusterId", "side")
            .Set("ReverseProxy:Routes:own:Match:Path", "/own/{**rest}")
            .Set("ReverseProxy:Routes:own:Transforms", new JsonArray(new JsonObject { ["RequestHeader"] = "Authorization", ["Set"] = "Bearer upstream-secret" }))
            .Set("ReverseProxy:Routes:rest:ClusterId", "side")
            .Set("ReverseProxy:Routes:rest:Match:Path", "/{**rest}");
        _gateway = await GatewayProcess.StartAsync(config);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        if (_upstream is not null) await _upstream.DisposeAsync();
    }

    async Task<string> GetAsync(string path, Action<HttpRequestHeaders> presentKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        presentKey(request.Headers);
        using var response = await _gateway.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return text;
    }

    [Test]
    public async Task TheCallersKey_InEitherHeader_IsNotForwarded()
    {
        Assert.That(await GetAsync("/side/x", h => h.Authorization = new AuthenticationHeaderValue("Bearer", Key)), Is.EqualTo("authorization=[] x-api-key=[]"));
        Assert.That(await GetAsync("/side/x", h => h.Add("X-API-Key", Key)), Is.EqualTo("authorization=[] x-api-key=[]"));
    }

    [Test]
    public async Task ARoutesOwnAuthorization_StillReachesItsUpstream()
        => Assert.That(await GetAsync("/own/x", h => h.Authorization = new AuthenticationHeaderValue("Bearer", Key)),
            Is.EqualTo("authorization=[Bearer upstream-secret] x-api-key=[]"));

    [TestCase("POST", "/")]
    [TestCase("DELETE", "/")]
    [TestCase("GET", "/metrics/x")]
    [TestCase("GET", "/healthz/x")]
    [TestCase("POST", "/metrics")]
    [TestCase("GET", "/openapi.json/x")]
    public async Task ACatchAllRoute_NeedsAKey_EvenUnderTheProbesPaths(string method, string path)
    {
        using var response = await _gateway.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), await response.Content.ReadAsStringAsync());
    }

    [TestCase("/", "Ollama is running")]
    [TestCase("/healthz", "Healthy")]
    [TestCase("/healthz/", "Healthy")]
    [TestCase("/METRICS", "# ")]
    public async Task TheGatewaysOwnProbes_StayOpen(string path, string expected)
    {
        using var response = await _gateway.Http.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(expected));
    }
}
