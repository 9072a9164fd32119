using System.Net;
using System.Text.Json.Nodes;
using ModelGateway.Tests.Authentication;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.RateLimiting;

/// <summary>
/// Anonymous access limited per client address, through a real nginx in front of two gateway instances sharing
/// budgets in Redis. nginx connects from 127.0.0.2, the only trusted proxy; test clients connect from other loopback
/// addresses, so the gateway must find each one in X-Forwarded-For, and must ignore that header from anyone else.
/// </summary>
[NonParallelizable]
public class AnonymousProxyTests
{
    const string Body = """{"model":"llama3.2:3b","prompt":"hi","stream":false}""";
    const string ProxyAddress = "127.0.0.2";

    RedisServerProcess _redis = null!;
    SimulatorProcess _worker = null!;
    GatewayProcess _first = null!, _second = null!;
    NginxProcess _nginx = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _redis = await RedisServerProcess.StartAsync();
        _worker = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--parallel", "8");
        var config = new FleetConfig()
            .Cluster("gpu").Worker("gpu", "w1", _worker.BaseUrl).Model("llama3.2:3b", "gpu")
            .Set("Redis:Endpoint", _redis.Endpoint)
            .Set("Authentication:Anonymous", new JsonObject { ["Enabled"] = true, ["RequestsPerMinute"] = 2 })
            .Set("Authentication:TrustedProxies", new JsonArray(ProxyAddress));
        var gateways = await Task.WhenAll(GatewayProcess.StartAsync(config), GatewayProcess.StartAsync(config));
        (_first, _second) = (gateways[0], gateways[1]);
        await Task.WhenAll(gateways.Select(KeyedConfig.WaitForHealthyFleetAsync));
        _nginx = await NginxProcess.StartAsync($$"""
                upstream modelgateway {
                    server 127.0.0.1:{{_first.Port}};
                    server 127.0.0.1:{{_second.Port}};
                    keepalive 8;
                }
                server {
                    listen 127.0.0.1:{port};
                    location / {
                        proxy_pass http://modelgateway;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_bind {{ProxyAddress}};
                        proxy_buffering off;
                        add_header X-Upstream $upstream_addr always;
                    }
                }
            """);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _nginx.DisposeAsync();
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _worker.DisposeAsync();
        await _redis.DisposeAsync();
    }

    static async Task<(HttpStatusCode Status, string? Upstream, string Body)> SendAsync(HttpClient client, string? forwardedFor = null)
    {
        using var request = LimitedClient.Post("/api/generate", Body);
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, response.Header("X-Upstream"), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task ThroughTheTrustedProxy_EachClientAddressHasItsOwnBudget_SharedByBothInstances()
    {
        using var clientA = LimitedClient.From("127.0.0.3", _nginx.BaseUrl);
        using var clientB = LimitedClient.From("127.0.0.4", _nginx.BaseUrl);
        var a = new[] { await SendAsync(clientA), await SendAsync(clientA), await SendAsync(clientA) };
        Assert.That(a.Select(r => r.Status), Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests }), _nginx.Output);
        Assert.That(a.Take(2).Select(r => r.Upstream).Distinct().Count(), Is.EqualTo(2), "nginx spread the two admitted requests over both instances");
        Assert.That(a[2].Body, Does.Contain("anonymous client 127.0.0.3"));

        var b = await SendAsync(clientB);
        Assert.That(b.Status, Is.EqualTo(HttpStatusCode.OK), "another address has its own budget");
    }

    [Test]
    public async Task AddressesAClientPutsInXForwardedFor_AreNotBelieved()
    {
        // nginx appends the real address; what the client wrote to its left is ignored.
        using var client = LimitedClient.From("127.0.0.5", _nginx.BaseUrl);
        var results = new[] { await SendAsync(client, "198.51.100.1"), await SendAsync(client, "198.51.100.2"), await SendAsync(client, "198.51.100.3") };
        Assert.That(results.Select(r => r.Status), Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        Assert.That(results[2].Body, Does.Contain("anonymous client 127.0.0.5"));
    }

    [Test]
    public async Task XForwardedFor_FromAPeerThatIsNotATrustedProxy_IsIgnored()
    {
        using var client = LimitedClient.From("127.0.0.6", _first.BaseUrl);
        var results = new[] { await SendAsync(client, "203.0.113.1"), await SendAsync(client, "203.0.113.2"), await SendAsync(client, "203.0.113.3") };
        Assert.That(results.Select(r => r.Status), Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        Assert.That(results[2].Body, Does.Contain("anonymous client 127.0.0.6"));
    }

    [Test]
    public async Task TheProductionExample_PassesNginxsOwnConfigurationTest()
    {
        var example = Path.Combine(RepoLayout.Root, "nginx", "modelgateway.conf");
        var directory = Directory.CreateTempSubdirectory("nginx-t-").FullName;
        try
        {
            await using var check = TestProcess.Start("nginx -t", NginxProcess.FindExecutable(),
                ["-t", "-p", directory, "-e", Path.Combine(directory, "error.log"), "-c", example, "-g", $"pid {directory}/nginx.pid;"], workingDirectory: directory);
            Assert.That(await check.WaitForExitAsync(TimeSpan.FromSeconds(20)), Is.EqualTo(0), check.Output);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
