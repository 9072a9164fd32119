using System.Net.Sockets;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.OllamaSim;

/// <summary>Injected faults (fail, hang, drop, slow first token, refused connections), set by flags or at run time.</summary>
[TestFixture]
public sealed class FaultTests
{
    const string Chat = """{"model":"llama3.2:3b","messages":[{"role":"user","content":"hi"}]}""";
    SimulatorProcess _sim = null!;
    WireClient _client = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _sim = await SimulatorProcess.StartAsync("--models", "llama3.2:3b,all-minilm=embedding", "--control-port", FreePort.Next().ToString());
        _client = new WireClient(_sim.BaseUrl);
    }

    [SetUp]
    public Task ResetAsync() => _sim.ResetAsync();

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _sim.DisposeAsync();
    }

    [Test]
    public async Task FailRateOne_AnswersEveryInferenceRequestWith500_ButNotMetadata()
    {
        var faults = await _sim.SetFaultsAsync(failRate: 1);
        Assert.That(faults.FailRate, Is.EqualTo(1));

        var chat = await _client.PostAsync("/api/chat", Chat);
        var embed = await _client.PostAsync("/api/embed", """{"model":"all-minilm","input":"x"}""");
        var tags = await _client.GetAsync("/api/tags");

        Assert.That(chat.Status, Is.EqualTo(500));
        Assert.That(chat.Error, Does.StartWith("llama runner process has terminated"));
        Assert.That(embed.Status, Is.EqualTo(500));
        Assert.That(tags.Status, Is.EqualTo(200));
    }

    [Test]
    public async Task DropRateOne_AbortsTheConnectionAfterTheFirstLine()
    {
        await _sim.SetFaultsAsync(dropRate: 1);

        using var response = await _client.OpenStreamAsync("/api/chat", Chat);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = await reader.ReadLineAsync();
        Assert.That(first, Does.Contain("\"done\":false"));
        Assert.That(async () => await reader.ReadToEndAsync(), Throws.InstanceOf<IOException>().Or.InstanceOf<HttpRequestException>());

        Assert.That(async () => await _client.PostAsync("/api/chat", """{"model":"llama3.2:3b","stream":false,"messages":[{"role":"user","content":"hi"}]}"""),
            Throws.InstanceOf<HttpRequestException>().Or.InstanceOf<IOException>(), "an unstreamed answer is cut too");
    }

    [Test]
    public async Task HangRateOne_NeverAnswers_UntilTheClientGivesUp()
    {
        await _sim.SetFaultsAsync(hangRate: 1);
        using var impatient = new WireClient(_sim.BaseUrl, TimeSpan.FromMilliseconds(500));

        Assert.That(async () => await impatient.PostAsync("/api/chat", Chat), Throws.InstanceOf<TaskCanceledException>());

        await SchedulingTests.WaitUntilAsync(async () => (await _sim.GetStatsAsync()).InFlight == 0);
        await _sim.SetFaultsAsync(hangRate: 0);
        Assert.That((await _client.PostAsync("/api/chat", Chat)).Status, Is.EqualTo(200));
    }

    [Test]
    public async Task SlowFirstToken_DelaysOnlyTheFirstLine()
    {
        await _sim.SetFaultsAsync(slowFirstTokenMs: 400);

        var started = DateTime.UtcNow;
        using var response = await _client.OpenStreamAsync("/api/chat", Chat);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        await reader.ReadLineAsync();
        Assert.That(DateTime.UtcNow - started, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(380)));
        var final = (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.That(final, Does.Contain("\"done\":true"));
    }

    [Test]
    public async Task Refuse_ClosesThePortForThePeriod_ThenItAcceptsAgain()
    {
        var faults = await _sim.SetFaultsAsync(refuseForMs: 700);
        Assert.That(faults.RefuseForMs, Is.InRange(1, 700));

        var refused = Assert.ThrowsAsync<HttpRequestException>(async () => await new WireClient(_sim.BaseUrl).GetAsync("/"));
        Assert.That(refused!.InnerException, Is.InstanceOf<SocketException>());
        Assert.That(((SocketException)refused.InnerException!).SocketErrorCode, Is.EqualTo(SocketError.ConnectionRefused));
        Assert.That((await _sim.GetFaultsAsync()).RefuseForMs, Is.GreaterThan(0), "the control port keeps answering");

        await SchedulingTests.WaitUntilAsync(async () => (await _sim.GetFaultsAsync()).RefuseForMs == 0);
        using var fresh = new WireClient(_sim.BaseUrl);
        Assert.That((await fresh.GetAsync("/")).Body, Is.EqualTo("Ollama is running"));
        Assert.That((await fresh.PostAsync("/api/chat", Chat)).Status, Is.EqualTo(200));
    }

    [Test]
    public async Task Refuse_OnTheApiPortAlone_AlsoClosesTheControlEndpointUntilThePeriodEnds()
    {
        await using var sim = await SimulatorProcess.StartAsync("--models", "llama3.2:3b");
        await sim.SetFaultsAsync(refuseForMs: 500);

        Assert.ThrowsAsync<HttpRequestException>(async () => await sim.GetStatsAsync());
        await Task.Delay(700);
        Assert.That((await sim.GetFaultsAsync()).RefuseForMs, Is.EqualTo(0));
    }

    [Test]
    public async Task FaultFlags_ApplyFromStart_AndRefuseWithoutDurationWaitsForTheControlPort()
    {
        var control = FreePort.Next();
        await using var sim = await SimulatorProcess.StartAsync("--models", "llama3.2:3b", "--fail-rate", "1", "--refuse", "--control-port", control.ToString());
        using var client = new WireClient(sim.BaseUrl);

        Assert.ThrowsAsync<HttpRequestException>(async () => await client.GetAsync("/"));
        Assert.That((await sim.GetFaultsAsync()).RefuseForMs, Is.EqualTo(-1));
        await sim.SetFaultsAsync(refuseForMs: 0);
        Assert.That((await client.PostAsync("/api/chat", Chat)).Status, Is.EqualTo(500));
    }

    [Test]
    public async Task TheControlPort_ServesOnlyTheControlEndpoint()
    {
        using var control = new WireClient(_sim.ControlUrl);
        Assert.That((await control.GetAsync("/_sim/stats")).Status, Is.EqualTo(200));
        var api = await control.GetAsync("/api/tags");
        Assert.That((api.Status, api.Body), Is.EqualTo((404, "404 page not found")));
    }

    [Test]
    public async Task BadFaultSettings_AreRejectedWith400()
    {
        using var control = new WireClient(_sim.ControlUrl);
        var outOfRange = await control.PostAsync("/_sim/faults", """{"failRate":2}""");
        var unknown = await control.PostAsync("/_sim/faults", """{"failrate":0.5}""");

        Assert.That(outOfRange.Status, Is.EqualTo(400));
        Assert.That(unknown.Status, Is.EqualTo(400));
        Assert.That(unknown.Error, Does.Contain("unknown fault setting \"failrate\""));
    }
}
