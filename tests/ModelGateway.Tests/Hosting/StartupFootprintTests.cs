using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Hosting;

/// <summary>
/// What a started, idle gateway has loaded and written: no data-protection key ring (YARP registers it for affinity
/// cookies the fleet does not use) and none of the hosting parts a Linux gateway never uses.
/// </summary>
[NonParallelizable]
public class StartupFootprintTests
{
    SimulatorProcess _worker = null!;
    GatewayProcess _gateway = null!;
    string _home = null!;

    [OneTimeSetUp]
    public async Task StartIdleGateway()
    {
        _home = Path.Combine(Path.GetTempPath(), "mg-home-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(_home);
        _worker = await SimulatorProcess.StartAsync("--models", "llama3.2:3b");
        var config = new FleetConfig().Cluster("gpu").Worker("gpu", "gpu-1", _worker.BaseUrl).Model("llama3.2:3b", "gpu", "chat");
        _gateway = await GatewayProcess.StartAsync(config, env: new Dictionary<string, string?> { ["HOME"] = _home }, waitForModels: ["llama3.2:3b"]);
        // Hosted services have all started once /healthz answers; give slower ones a moment anyway.
        await Task.Delay(500);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        if (_worker is not null) await _worker.DisposeAsync();
        try { Directory.Delete(_home, recursive: true); } catch (IOException) { }
    }

    [Test]
    public void StartingWritesNoKeyFileUnderTheHomeDirectory()
        => Assert.That(Directory.EnumerateFiles(_home, "*", SearchOption.AllDirectories), Is.Empty,
            "the gateway wrote files under its home directory at start-up (a data-protection key ring?)");

    [TestCase("System.Private.Xml.dll", Description = "loaded only to read a key ring")]
    [TestCase("libcrypto.so", Description = "OpenSSL, loaded only to decrypt a key ring")]
    [TestCase("Microsoft.AspNetCore.Server.IIS.dll", Description = "IIS integration")]
    [TestCase("System.Net.Quic.dll", Description = "HTTP/3, which the gateway does not listen on")]
    public void AnIdleGatewayHasNotMapped(string library)
    {
        var maps = File.ReadAllText($"/proc/{_gateway.Process.Pid}/maps");
        Assert.That(maps, Does.Not.Contain("/" + library), $"{library} is mapped into the idle gateway");
    }

    [Test]
    public async Task TheRequestSurfacesStillAnswer()
    {
        // The endpoints are plain request delegates now; a smoke of each kind of mapping.
        Assert.That((int)(await _gateway.Http.GetAsync("/")).StatusCode, Is.EqualTo(200));
        Assert.That((int)(await _gateway.Http.GetAsync("/api/version")).StatusCode, Is.EqualTo(200));
        Assert.That((int)(await _gateway.Http.GetAsync("/v1/models/llama3.2:3b")).StatusCode, Is.EqualTo(200));
        Assert.That((int)(await _gateway.Http.GetAsync("/v1/models/no-such-model")).StatusCode, Is.EqualTo(404));
        Assert.That((int)(await _gateway.Http.GetAsync("/metrics")).StatusCode, Is.EqualTo(200));
    }
}
