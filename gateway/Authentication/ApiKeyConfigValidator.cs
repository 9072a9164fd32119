using System.Globalization;
using ModelGateway.RateLimiting;

namespace ModelGateway.Authentication;

/// <summary>
/// Checks the <c>Authentication</c> and <c>RateLimits</c> sections by key (run by the fleet validator on every reload
/// and at start-up), naming the key entry at fault. Hash values are never repeated in a message: a key pasted there
/// by mistake must not reach a log.
/// </summary>
public static class ApiKeyConfigValidator
{
    public static void Validate(IConfiguration config, List<string> errors)
    {
        var section = config.GetSection(ApiKeyOptions.SectionName);
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var hashes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in section.GetSection(nameof(ApiKeyOptions.ApiKeys)).GetChildren())
        {
            var name = entry[nameof(ApiKeyEntry.Name)];
            var label = string.IsNullOrWhiteSpace(name) ? entry.Path : $"{entry.Path} ('{name}')";
            if (string.IsNullOrWhiteSpace(name))
                errors.Add($"{entry.Path}:Name is required");
            else if (!IsValidName(name))
                errors.Add($"{entry.Path}:Name '{name}' must be 1-64 letters, digits, '.', '_' or '-'");
            else if (names.TryGetValue(name, out var first))
                errors.Add($"{entry.Path}:Name '{name}' is already used by {first}");
            else
                names[name] = entry.Path;

            var hash = entry[nameof(ApiKeyEntry.Hash)];
            if (string.IsNullOrWhiteSpace(hash))
                errors.Add($"{label}: Hash is required");
            else if (!ApiKeyHash.TryParse(hash, out var bytes))
                errors.Add($"{label}: Hash is not 'sha256:' followed by 64 hex digits (paste the line 'keys new' printed, never the key itself)");
            else if (hashes.TryGetValue(Convert.ToHexString(bytes), out var other))
                errors.Add($"{label}: Hash is the same as {other}'s (one key cannot have two names)");
            else
                hashes[Convert.ToHexString(bytes)] = label;

            var models = entry.GetSection(nameof(ApiKeyEntry.Models));
            if (!models.GetChildren().Any())
                errors.Add($"{label}: Models is required (a list of model names or wildcards; [\"*\"] for every model)");
            ValidatePatterns(models, errors);
            ValidateCommon(entry, label, errors);

            var expires = entry[nameof(ApiKeyEntry.ExpiresAt)];
            if (!string.IsNullOrEmpty(expires) && !DateTimeOffset.TryParse(expires, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
                errors.Add($"{label}: ExpiresAt '{expires}' is not a date and time (e.g. 2026-12-31T23:59:59Z)");
        }

        var anonymous = section.GetSection(nameof(ApiKeyOptions.Anonymous));
        ValidateCommon(anonymous, anonymous.Path, errors);
        Bool(anonymous, nameof(AnonymousAccessOptions.Enabled), anonymous.Path, errors);
        ValidatePatterns(anonymous.GetSection(nameof(AnonymousAccessOptions.Models)), errors);

        foreach (var proxy in section.GetSection(nameof(ApiKeyOptions.TrustedProxies)).GetChildren())
            if (!ClientAddressResolver.TryParseNetwork(proxy.Value, out _))
                errors.Add($"{proxy.Path} '{proxy.Value}' is not an IP address or CIDR range (e.g. 10.0.0.5 or 10.0.0.0/24)");

        RateLimitConfigValidator.Validate(config, errors);
    }

    static void ValidatePatterns(IConfigurationSection models, List<string> errors)
    {
        foreach (var model in models.GetChildren())
            if (!ModelPattern.TryParse(model.Value, out _, out var problem))
                errors.Add($"{model.Path} {problem}");
    }

    static void ValidateCommon(IConfigurationSection entry, string label, List<string> errors)
    {
        Bool(entry, nameof(ApiKeyEntry.Admin), label, errors);
        var rpm = entry[nameof(ApiKeyEntry.RequestsPerMinute)];
        if (rpm is not null && (!int.TryParse(rpm, NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) || r < 0))
            errors.Add($"{label}: RequestsPerMinute '{rpm}' must be a whole number, 0 (unlimited) or more");
        var tpm = entry[nameof(ApiKeyEntry.TokensPerMinute)];
        if (tpm is not null && (!long.TryParse(tpm, NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) || t < 0))
            errors.Add($"{label}: TokensPerMinute '{tpm}' must be a whole number, 0 (unlimited) or more");
    }

    static void Bool(IConfigurationSection entry, string key, string label, List<string> errors)
    {
        var value = entry[key];
        if (value is not null && !bool.TryParse(value, out _)) errors.Add($"{label}: {key} '{value}' must be true or false");
    }

    static bool IsValidName(string name)
        => name.Length <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
