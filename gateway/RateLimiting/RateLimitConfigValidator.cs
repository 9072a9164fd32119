using System.Globalization;

namespace ModelGateway.RateLimiting;

/// <summary>Checks the <c>RateLimits</c> section by key, so a bad edit is refused whole on reload and stops start-up.</summary>
public static class RateLimitConfigValidator
{
    public static void Validate(IConfiguration config, List<string> errors)
    {
        var section = config.GetSection(RateLimitOptions.SectionName);
        Check(nameof(RateLimitOptions.UseRedis), v => bool.TryParse(v, out _), "must be true or false");
        Check(nameof(RateLimitOptions.FailureMode), v => Enum.TryParse<RateLimitFailureMode>(v, ignoreCase: true, out var m) && Enum.IsDefined(m) && !int.TryParse(v, out _),
            "must be Open or Closed");
        Check(nameof(RateLimitOptions.RedisTimeout), v => TimeSpan.TryParse(v, CultureInfo.InvariantCulture, out var t) && t >= TimeSpan.FromMilliseconds(1) && t <= TimeSpan.FromSeconds(30),
            "must be a time span between 00:00:00.001 and 00:00:30");
        Check(nameof(RateLimitOptions.FailureLogInterval), v => TimeSpan.TryParse(v, CultureInfo.InvariantCulture, out var t) && t >= TimeSpan.Zero && t <= TimeSpan.FromDays(1),
            "must be a time span between 0 and 1 day");
        Check(nameof(RateLimitOptions.DefaultMaxTokens), v => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= 10_000_000,
            "must be a whole number between 1 and 10000000");
        Check(nameof(RateLimitOptions.BytesPerToken), v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d >= 0.1 && d <= 100,
            "must be a number between 0.1 and 100");

        void Check(string key, Func<string, bool> valid, string rule)
        {
            var value = section[key];
            if (value is not null && !valid(value)) errors.Add($"{section.Path}:{key} '{value}' {rule}");
        }
    }
}
