using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ModelGateway.Authentication;
using ModelGateway.Tests.Fixtures;
using ModelGateway.Tests.RateLimiting;
using static ModelGateway.Tests.VirtualModels.VirtualModelFleet;

namespace ModelGateway.Tests.VirtualModels;

/// <summary>A key's model allow-list must allow both the virtual name the client asked for and the model chosen for it.</summary>
[NonParallelizable]
public class VirtualModelKeyTests
{
    static readonly string AutoAndSmallKey = ApiKeyCommand.Mint();
    static readonly string RealModelsKey = ApiKeyCommand.Mint();

    VirtualModelFleet _fleet = null!;
    GatewayProcess _gateway = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _fleet = await VirtualModelFleet.StartAsync();
        _gateway = await GatewayProcess.StartAsync(_fleet.Config().Set("Authentication:ApiKeys", new JsonArray(
            KeyedConfig.Entry("auto-small", AutoAndSmallKey, [Auto, Small]),
            KeyedConfig.Entry("real", RealModelsKey, RealModels))));
        await KeyedConfig.WaitForHealthyFleetAsync(_gateway);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        if (_fleet is not null) await _fleet.DisposeAsync();
    }

    [SetUp]
    public Task ResetCounters() => _fleet.Simulator.ResetAsync();

    Task<HttpResponseMessage> ChatAsync(string key, string content)
        => _gateway.Http.SendAsync(LimitedClient.Post("/v1/chat/completions", $$"""{"model":"{{Auto}}","messages":[{"role":"user","content":{{content}}}]}""", key));

    [Test]
    public async Task KeyAllowingTheVirtualNameAndTheChosenModel_IsServed()
    {
        using var response = await ChatAsync(AutoAndSmallKey, "\"hello\"");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(response.Worker(), Is.EqualTo("small"));
    }

    [Test]
    public async Task KeyAllowingTheVirtualNameButNotTheChosenModel_IsRefused_NamingTheChosenModel()
    {
        using var response = await ChatAsync(AutoAndSmallKey, """[{"type":"text","text":"what is this?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]""");
        var body = await response.ReadJsonObjectAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), body.ToJsonString());
        Assert.That((string?)body["error"]!["code"], Is.EqualTo("model_not_allowed"));
        Assert.That((string?)body["error"]!["message"], Does.Contain(Vision));
        Assert.That((await _fleet.Simulator.GetStatsAsync()).InferenceRequests, Is.Zero);
    }

    [Test]
    public async Task KeyAllowingEveryRealModelButNotTheVirtualName_IsRefused()
    {
        using var response = await ChatAsync(RealModelsKey, "\"hello\"");
        var body = await response.ReadJsonObjectAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), body.ToJsonString());
        Assert.That((string?)body["error"]!["message"], Does.Contain($"'{Auto}'"));
        Assert.That((await _fleet.Simulator.GetStatsAsync()).InferenceRequests, Is.Zero);
    }

    [Test]
    public async Task ModelList_ShowsTheVirtualModel_OnlyToKeysAllowedIt()
    {
        async Task<List<string?>> ListAsync(string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            using var response = await _gateway.Http.SendAsync(request);
            return (await response.ReadJsonObjectAsync())["data"]!.AsArray().Select(m => (string?)m!["id"]).ToList();
        }

        Assert.That(await ListAsync(AutoAndSmallKey), Does.Contain(Auto));
        Assert.That(await ListAsync(RealModelsKey), Does.Not.Contain(Auto).And.Contain(Small));
    }
}
