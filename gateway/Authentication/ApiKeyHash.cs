using System.Security.Cryptography;
using System.Text;

namespace ModelGateway.Authentication;

/// <summary>The stored form of a key: its SHA-256, written <c>sha256:&lt;64 hex digits&gt;</c>.</summary>
public static class ApiKeyHash
{
    public const string Prefix = "sha256:";

    public static byte[] Compute(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static string Format(byte[] hash) => Prefix + Convert.ToHexStringLower(hash);

    /// <summary>Parses the configured text; false when it is not 64 hex digits (optionally prefixed).</summary>
    public static bool TryParse(string? text, out byte[] hash)
    {
        hash = [];
        if (string.IsNullOrWhiteSpace(text)) return false;
        var hex = text.Trim();
        if (hex.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) hex = hex[Prefix.Length..];
        if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit)) return false;
        hash = Convert.FromHexString(hex);
        return true;
    }
}
