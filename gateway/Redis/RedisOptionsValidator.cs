using Microsoft.Extensions.Options;

namespace ModelGateway.Redis;

/// <summary>Start-up validation of <see cref="RedisOptions"/>; each message names the configuration key at fault.</summary>
internal sealed class RedisOptionsValidator : IValidateOptions<RedisOptions>
{
    const string S = RedisOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, RedisOptions options)
    {
        if (!options.IsConfigured) return ValidateOptionsResult.Success;

        var failures = new List<string>();
        // The value is not echoed: a mistyped URL could carry a password.
        if (!RedisEndpoint.TryParse(options.Endpoint, out _))
            failures.Add($"{S}:Endpoint must be 'host:port' (for example '127.0.0.1:6379').");
        if (!string.IsNullOrEmpty(options.User) && string.IsNullOrEmpty(options.Password))
            failures.Add($"{S}:Password is required when {S}:User is set.");
        if (options.Database < 0)
            failures.Add($"{S}:Database must be 0 or greater.");
        Positive(options.ConnectTimeout, "ConnectTimeout", failures);
        Positive(options.CommandTimeout, "CommandTimeout", failures);
        Positive(options.StallTimeout, "StallTimeout", failures);
        Positive(options.ReconnectMinDelay, "ReconnectMinDelay", failures);
        Positive(options.ReconnectMaxDelay, "ReconnectMaxDelay", failures);
        if (options.ReconnectMaxDelay < options.ReconnectMinDelay)
            failures.Add($"{S}:ReconnectMaxDelay must not be smaller than {S}:ReconnectMinDelay.");
        if (options.KeyPrefix is null || options.KeyPrefix.Any(char.IsWhiteSpace))
            failures.Add($"{S}:KeyPrefix must not contain whitespace.");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    static void Positive(TimeSpan value, string key, List<string> failures)
    {
        if (value <= TimeSpan.Zero || value > TimeSpan.FromDays(1))
            failures.Add($"{S}:{key} must be a positive duration of at most a day (for example '00:00:02').");
    }
}
