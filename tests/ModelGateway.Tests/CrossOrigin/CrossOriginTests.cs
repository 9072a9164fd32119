using System.Net;
using System.Text.Json.Nodes;
using ModelGateway.CrossOrigin;
using ModelGateway.Tests.Authentication;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.CrossOrigin;

/// <summary>
/// A web page calling the gateway from a browser: the preflight (which carries no key) is answered for the allowed
/// origins, every answer to them, refusals included, carries the headers that let the page read it, and a gateway
/// that allows no origin adds nothing.
/// </summary>
[NonParallelizable]
public class CrossOriginTests
{
    const string Key = "mg-key-for-cross-origin-tests-0123456789";
    const string Page = "https://chat.example.com";

    SimulatorProcess _worker = null!;
    GatewayProcess _allowing = null!, _plain = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _worker = await SimulatorProcess.StartAsync("--models", "llama3.2:3b");
        FleetConfig Config() => new FleetConfig()
            .Cluster("gpu").Worker("gpu", "w1", _worker.BaseUrl).Model("llama3.2:3b", "gpu")
            .Set("Authentication:Anonymous:Enabled", false)
            .Set("Authentication:ApiKeys", new JsonArray(KeyedConfig.Entry("team", Key, ["*"])));
        var gateways = await Task.WhenAll(
            GatewayProcess.StartAsync(Config().Set("Cors:AllowedOrigins", new JsonArray(Page, "http://localhost:3000"))),
            GatewayProcess.StartAsync(Config()));
        (_allowing, _plain) = (gateways[0], gateways[1]);
        await Task.WhenAll(gateways.Select(KeyedConfig.WaitForHealthyFleetAsync));
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        foreach (var gateway in new[] { _allowing, _plain }) if (gateway is not null) await gateway.DisposeAsync();
        if (_worker is not null) await _worker.DisposeAsync();
    }

    static HttpRequestMessage Preflight(string path, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-stainless-os");
        return request;
    }

    static HttpRequestMessage Chat(string path, string body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Origin", Page);
        if (key is not null) request.Headers.Add("Authorization", "Bearer " + key);
        return request;
    }

    static string? Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    [TestCase("/v1/chat/completions")]
    [TestCase("/api/chat")]
    public async Task Preflight_FromAnAllowedOrigin_IsAnsweredWithoutAKey(string path)
    {
        using var response = await _allowing.Http.SendAsync(Preflight(path, Page));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.EqualTo(Page));
        Assert.That(Header(response, "Access-Control-Allow-Headers")?.ToLowerInvariant(), Does.Contain("authorization"));
        Assert.That(Header(response, "Access-Control-Allow-Methods"), Does.Contain("POST"));
    }

    [Test]
    public async Task Preflight_FromAnotherOrigin_GetsNoPermission()
    {
        using var response = await _allowing.Http.SendAsync(Preflight("/v1/chat/completions", "https://evil.example.net"));
        Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.Null);
    }

    [Test]
    public async Task Answers_ToAnAllowedOrigin_LetThePageReadThem_RefusalsToo()
    {
        const string body = """{"model":"llama3.2:3b","messages":[{"role":"user","content":"hi"}]}""";
        using var ok = await _allowing.Http.SendAsync(Chat("/v1/chat/completions", body, Key));
        Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK), await ok.Content.ReadAsStringAsync());
        Assert.That(Header(ok, "Access-Control-Allow-Origin"), Is.EqualTo(Page));
        Assert.That(Header(ok, "Access-Control-Expose-Headers")?.ToLowerInvariant(), Does.Contain("x-request-id").And.Contain("x-ratelimit-remaining-requests"));

        // Without the CORS headers the page could not even read why it was refused.
        using var refused = await _allowing.Http.SendAsync(Chat("/v1/chat/completions", body, key: null));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(Header(refused, "Access-Control-Allow-Origin"), Is.EqualTo(Page));
    }

    [Test]
    public async Task AGatewayThatAllowsNoOrigin_AddsNothing()
    {
        using var preflight = await _plain.Http.SendAsync(Preflight("/v1/chat/completions", Page));
        Assert.That(Header(preflight, "Access-Control-Allow-Origin"), Is.Null);
        using var answer = await _plain.Http.SendAsync(Chat("/v1/chat/completions", """{"model":"llama3.2:3b","messages":[{"role":"user","content":"hi"}]}""", Key));
        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Header(answer, "Access-Control-Allow-Origin"), Is.Null);
    }

    [TestCase("chat.example.com")]
    [TestCase("https://chat.example.com/app")]
    [TestCase("https://")]
    public void AnOriginThatIsNotOne_IsRefusedNamingTheKey(string origin)
    {
        var result = new CrossOriginOptionsValidator().Validate(null, new CrossOriginOptions { AllowedOrigins = [Page, origin] });
        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain("Cors:AllowedOrigins:1"));
    }

    [TestCase("*")]
    [TestCase("http://localhost:3000")]
    [TestCase("https://chat.example.com/")]
    public void AWildcardOrAnOrigin_IsAccepted(string origin)
        => Assert.That(new CrossOriginOptionsValidator().Validate(null, new CrossOriginOptions { AllowedOrigins = [origin] }).Succeeded, Is.True);
}
