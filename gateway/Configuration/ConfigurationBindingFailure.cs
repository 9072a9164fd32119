using System.Text.RegularExpressions;

namespace ModelGateway.Configuration;

/// <summary>
/// The binder's conversion failure ("Failed to convert configuration value 'x' at 'Inventory:PollInterval' to type
/// 'System.TimeSpan'.") in the gateway's words, led by the key: <c>Inventory:PollInterval 'x' is not a time span</c>.
/// </summary>
internal static partial class ConfigurationBindingFailure
{
    /// <param name="section">Prefixed to the key the binder names, when it bound a section whose paths it sees as relative.</param>
    public static bool TryDescribe(string message, string? section, out string description)
    {
        var binding = Pattern().Match(message);
        if (!binding.Success)
        {
            description = message;
            return false;
        }
        var key = section is null ? binding.Groups["key"].Value : $"{section}:{binding.Groups["key"].Value}";
        description = $"{key} '{binding.Groups["value"].Value}' is not {Expected(binding.Groups["type"].Value)}";
        return true;
    }

    static string Expected(string type) => type switch
    {
        "System.TimeSpan" => "a time span (hh:mm:ss)",
        "System.Boolean" => "true or false",
        "System.Int32" or "System.Int64" or "System.Int16" or "System.UInt32" or "System.UInt64" => "a whole number",
        "System.Double" or "System.Single" or "System.Decimal" => "a number",
        "System.DateTimeOffset" or "System.DateTime" => "a date and time (ISO 8601)",
        "System.Uri" => "a URL",
        "Microsoft.Extensions.Logging.LogLevel" => "a log level; use Trace, Debug, Information, Warning, Error, Critical or None",
        _ => $"a valid {type}",
    };

    [GeneratedRegex(@"^Failed to convert configuration value '(?<value>.*)' at '(?<key>[^']+)' to type '(?<type>[^']+)'\.?$", RegexOptions.Singleline)]
    private static partial Regex Pattern();
}
