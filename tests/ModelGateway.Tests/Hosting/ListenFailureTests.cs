using System.Net;
using System.Net.Sockets;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Hosting;

/// <summary>An address the gateway cannot listen on stops it like a configuration error: one line naming it, exit code 2.</summary>
[NonParallelizable]
public class ListenFailureTests
{
    static string Config() => new FleetConfig().Cluster("gpu").Worker("gpu", "w", "http://127.0.0.1:9").Model("llama3.2:3b", "gpu").ToJson();

    static void AssertOneClearLine(int exitCode, string output, string expected)
    {
        Assert.That(exitCode, Is.EqualTo(2), output);
        Assert.That(output, Does.Contain("configuration error: " + expected), output);
        Assert.That(output, Does.Contain("ModelGateway did not start"));
        Assert.That(output, Does.Not.Contain("Unhandled exception"));
    }

    [Test]
    public async Task APortAlreadyInUse_IsNamed_WithTheKey()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var address = $"http://127.0.0.1:{((IPEndPoint)occupant.LocalEndpoint).Port}";

        var (exitCode, output) = await GatewayProcess.StartExpectingFailureAsync(Config(), extraArgs: ["--urls", address]);

        AssertOneClearLine(exitCode, output, $"Urls (--urls): Failed to bind to address {address}: address already in use");
    }

    [TestCase("banana", "Urls (--urls): cannot listen on 'banana': Invalid url: 'banana'")]
    [TestCase("ftp://127.0.0.1:8080", "Urls (--urls): cannot listen on 'ftp://127.0.0.1:8080': Unrecognized scheme")]
    public async Task AnAddressThatIsNotAUrl_IsNamed_WithTheKey(string urls, string expected)
    {
        var (exitCode, output) = await GatewayProcess.StartExpectingFailureAsync(Config(), extraArgs: [$"--Urls={urls}"]);

        AssertOneClearLine(exitCode, output, expected);
    }

    [Test]
    public async Task AnHttpsEndpointWithAMissingCertificate_IsNamed_WithTheKey()
    {
        var missing = Path.Combine(Path.GetTempPath(), "mg-no-such-cert-" + Guid.NewGuid().ToString("N")[..8] + ".pem");
        var config = new FleetConfig().Cluster("gpu").Worker("gpu", "w", "http://127.0.0.1:9").Model("llama3.2:3b", "gpu")
            .Set("Kestrel:Endpoints:Https:Url", $"https://127.0.0.1:{FreePort.Next()}")
            .Set("Kestrel:Endpoints:Https:Certificate:Path", missing);

        var (exitCode, output) = await GatewayProcess.StartExpectingFailureAsync(config.ToJson());

        AssertOneClearLine(exitCode, output, "Kestrel:Endpoints: cannot load the HTTPS certificate: Could not find file '" + missing + "'");
    }
}
