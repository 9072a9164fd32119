using ModelGateway.Preloading;

namespace ModelGateway.Tests.Preloading;

public class KeepAliveValueTests
{
    [TestCase("30m", 1800)]
    [TestCase("1h30m", 5400)]
    [TestCase("1.5h", 5400)]
    [TestCase("90s", 90)]
    [TestCase("300ms", 0.3)]
    [TestCase("90", 90)]
    [TestCase("2.5", 2.5)]
    [TestCase(" 10m ", 600)]
    public void Durations_ReadAsOllamaReadsThem(string text, double seconds)
    {
        Assert.That(KeepAliveValue.TryParse(text, out var value), Is.True);
        Assert.That(value, Is.EqualTo(TimeSpan.FromSeconds(seconds)));
        Assert.That(KeepAliveValue.ToSeconds(value), Is.EqualTo(seconds).Within(1e-9));
    }

    [TestCase("-1")]
    [TestCase("-1m")]
    [TestCase("-0.5")]
    public void NegativeValues_MeanForever_AndAreSentAsMinusOne(string text)
    {
        Assert.That(KeepAliveValue.TryParse(text, out var value), Is.True);
        Assert.That(value, Is.EqualTo(KeepAliveValue.Forever));
        Assert.That(KeepAliveValue.ToSeconds(value), Is.EqualTo(-1));
    }

    [TestCase("")]
    [TestCase("banana")]
    [TestCase("5x")]
    [TestCase("m")]
    [TestCase("10 m")]
    [TestCase("1e3")]
    [TestCase("99999999999999999h")]
    [TestCase("NaN")]
    [TestCase("-NaN")]
    [TestCase("Infinity")]
    public void NonDurations_AreRefused(string text) => Assert.That(KeepAliveValue.TryParse(text, out _), Is.False);
}
