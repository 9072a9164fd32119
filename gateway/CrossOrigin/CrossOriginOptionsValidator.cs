using Microsoft.Extensions.Options;

namespace ModelGateway.CrossOrigin;

/// <summary>Start-up (and reload) validation of <see cref="CrossOriginOptions"/>; each message names the key at fault.</summary>
internal sealed class CrossOriginOptionsValidator : IValidateOptions<CrossOriginOptions>
{
    const string S = CrossOriginOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, CrossOriginOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.AllowedOrigins.Length; i++)
        {
            var origin = options.AllowedOrigins[i];
            if (origin == "*" || IsOrigin(origin)) continue;
            failures.Add($"{S}:AllowedOrigins:{i} must be '*' or an origin such as 'https://chat.example.com' (scheme, host and optional port; no path), not '{origin}'.");
        }
        if (options.PreflightMaxAge < TimeSpan.Zero || options.PreflightMaxAge > TimeSpan.FromDays(1))
            failures.Add($"{S}:PreflightMaxAge must be between 00:00:00 and 1.00:00:00.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>What a browser sends in <c>Origin</c>: scheme://host[:port], nothing after it.</summary>
    static bool IsOrigin(string? value)
        => Uri.TryCreate(value, UriKind.Absolute, out var uri)
           && !string.IsNullOrEmpty(uri.Host)
           && value.TrimEnd('/').Equals(uri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);
}
