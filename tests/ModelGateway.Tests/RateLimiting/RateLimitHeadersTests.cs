using ModelGateway.RateLimiting;

namespace ModelGateway.Tests.RateLimiting;

public class RateLimitHeadersTests
{
    [TestCase(0, "0s")]
    [TestCase(12, "12ms")]
    [TestCase(1000, "1s")]
    [TestCase(1500, "1.5s")]
    [TestCase(20_000, "20s")]
    [TestCase(360_000, "6m0s")]
    [TestCase(61_250, "1m1.25s")]
    [TestCase(3_723_000, "1h2m3s")]
    [TestCase(59_873, "59.873s")]
    [TestCase(1_010, "1.01s")]
    [TestCase(1_001, "1.001s")]
    [TestCase(3_600_000, "1h0m0s")]
    public void Durations_AreWrittenTheWayOpenAIWritesThem(long milliseconds, string expected)
        => Assert.That(RateLimitHeaders.FormatDuration(TimeSpan.FromMilliseconds(milliseconds)), Is.EqualTo(expected));
}
