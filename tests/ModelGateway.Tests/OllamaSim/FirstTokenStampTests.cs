using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.OllamaSim;

/// <summary>
/// <c>--stamp-first-token</c>: the benchmark subtracts the simulator's own wait from each time to first token, so the
/// stamps must be this machine's monotonic clock, in order, and span the simulated first-token delay.
/// </summary>
[TestFixture]
public sealed class FirstTokenStampTests
{
    [Test]
    public async Task FirstStreamedToken_CarriesArrivalAndSendTimes_OnTheSharedMonotonicClock()
    {
        await using var sim = await SimulatorProcess.StartAsync("--stamp-first-token", "--ttft-ms", "40", "--reply-tokens", "3");
        using var client = new WireClient(sim.BaseUrl);

        var before = Stopwatch.GetTimestamp();
        var r = await client.PostAsync("/api/chat", """{"model":"llama3.2:3b","messages":[{"role":"user","content":"Hello"}]}""");
        var after = Stopwatch.GetTimestamp();

        Assert.That(r.Status, Is.EqualTo(200), r.ToString());
        var first = r.Lines[0].GetProperty("message").GetProperty("content").GetString()!;
        var match = Regex.Match(first, "^@([0-9]+):([0-9]+) $");
        Assert.That(match.Success, Is.True, $"first token '{first}'");
        var arrived = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var sent = long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.That(before, Is.LessThan(arrived), "arrival is stamped after this process sent the request, on the same clock");
        Assert.That(sent, Is.LessThan(after));
        Assert.That(Stopwatch.GetElapsedTime(arrived, sent), Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(39)), "the simulator's wait lies between the stamps");
        Assert.That(r.Lines[1].GetProperty("message").GetProperty("content").GetString(), Does.Not.StartWith("@"), "only the first token is stamped");
    }

    [Test]
    public async Task WithoutTheFlag_NoTokenIsStamped()
    {
        await using var sim = await SimulatorProcess.StartAsync("--reply-tokens", "3");
        using var client = new WireClient(sim.BaseUrl);
        var r = await client.PostAsync("/api/chat", """{"model":"llama3.2:3b","messages":[{"role":"user","content":"Hello"}]}""");
        Assert.That(r.Lines[0].GetProperty("message").GetProperty("content").GetString(), Does.Not.StartWith("@"));
    }
}
