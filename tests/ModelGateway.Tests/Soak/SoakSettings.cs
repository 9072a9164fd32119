using System.Globalization;

namespace ModelGateway.Tests.Soak;

/// <summary>
/// How long the soak runs. In the test suite: five rounds of ten seconds. bench/soak.sh sets
/// <c>MODELGATEWAY_SOAK_MINUTES</c> (rounds of thirty seconds until that much time has passed) and
/// <c>MODELGATEWAY_SOAK_OUT</c> (where samples.csv and report.md go).
/// </summary>
public sealed record SoakSettings(TimeSpan Duration, TimeSpan RoundLength, int MinRounds, TimeSpan SampleInterval, string? OutputDirectory)
{
    public static SoakSettings FromEnvironment()
    {
        var minutes = Environment.GetEnvironmentVariable("MODELGATEWAY_SOAK_MINUTES");
        var output = Environment.GetEnvironmentVariable("MODELGATEWAY_SOAK_OUT") is { Length: > 0 } o ? o : null;
        if (string.IsNullOrEmpty(minutes))
            return new SoakSettings(TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(10), MinRounds: 5, TimeSpan.FromSeconds(5), output);
        if (!double.TryParse(minutes, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0)
            throw new ArgumentException($"MODELGATEWAY_SOAK_MINUTES must be a positive number of minutes, not '{minutes}'");
        return new SoakSettings(TimeSpan.FromMinutes(value), TimeSpan.FromSeconds(30), MinRounds: 3, TimeSpan.FromSeconds(5), output);
    }
}
