using System.Text.Json;
using System.Text.RegularExpressions;

namespace ModelGateway.Tests.Transforms;

/// <summary>
/// Structural JSON comparison for the golden fixtures: key order ignored, key sets must match exactly
/// (so a field that must be absent fails the test), numbers compared by value. The placeholders
/// <c>"&lt;ID&gt;"</c> (same value everywhere within one instance) and <c>"&lt;CALLID&gt;"</c> match by pattern, and
/// <c>"&lt;ID:prefix&gt;"</c> (or <c>"&lt;ID:prefix#n&gt;"</c> for several ids of one kind) matches <c>prefix</c> + alphanumerics,
/// the same value everywhere within one instance.
/// </summary>
public sealed class JsonShape(string idPattern = JsonShape.ChatIdPattern)
{
    public const string ChatIdPattern = "^chatcmpl-[A-Za-z0-9]{24,}$";
    public const string CompletionIdPattern = "^cmpl-[A-Za-z0-9]{24,}$";
    public const string CallIdPattern = "^call_[A-Za-z0-9]{24}$";

    public string? SeenId { get; private set; }
    public List<string> CallIds { get; } = [];
    /// <summary>The value each <c>&lt;ID:prefix&gt;</c> placeholder stood for.</summary>
    public Dictionary<string, string> NamedIds { get; } = [];

    public void AssertSame(string expectedJson, string actualJson)
    {
        using var expected = JsonDocument.Parse(expectedJson);
        JsonDocument actual;
        try
        {
            actual = JsonDocument.Parse(actualJson);
        }
        catch (JsonException ex)
        {
            Assert.Fail($"Output is not JSON ({ex.Message}):\n{actualJson}");
            return;
        }
        using (actual)
        {
            var difference = Compare(expected.RootElement, actual.RootElement, "$");
            if (difference is not null)
                Assert.Fail($"{difference}\nexpected: {expectedJson}\nactual:   {actualJson}");
        }
    }

    string? Compare(JsonElement expected, JsonElement actual, string path)
    {
        if (expected.ValueKind == JsonValueKind.String && actual.ValueKind == JsonValueKind.String)
            return CompareStrings(expected.GetString()!, actual.GetString()!, path);
        if (!SameKind(expected.ValueKind, actual.ValueKind))
            return $"{path}: expected {expected.ValueKind}, got {actual.ValueKind} ({actual.GetRawText()})";
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var expectedKeys = expected.EnumerateObject().Select(p => p.Name).ToHashSet();
                var actualKeys = actual.EnumerateObject().Select(p => p.Name).ToHashSet();
                var missing = expectedKeys.Except(actualKeys).ToList();
                var extra = actualKeys.Except(expectedKeys).ToList();
                if (missing.Count > 0 || extra.Count > 0)
                    return $"{path}: missing keys [{string.Join(", ", missing)}], unexpected keys [{string.Join(", ", extra)}]";
                foreach (var property in expected.EnumerateObject())
                    if (Compare(property.Value, actual.GetProperty(property.Name), $"{path}.{property.Name}") is { } d)
                        return d;
                return null;
            case JsonValueKind.Array:
                if (expected.GetArrayLength() != actual.GetArrayLength())
                    return $"{path}: expected {expected.GetArrayLength()} items, got {actual.GetArrayLength()}";
                for (var i = 0; i < expected.GetArrayLength(); i++)
                    if (Compare(expected[i], actual[i], $"{path}[{i}]") is { } d)
                        return d;
                return null;
            case JsonValueKind.Number:
                var equal = expected.TryGetDecimal(out var e) && actual.TryGetDecimal(out var a)
                    ? e == a
                    : expected.GetDouble().Equals(actual.GetDouble());
                return equal ? null : $"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}";
            default:
                return null;
        }
    }

    string? CompareStrings(string expected, string actual, string path)
    {
        if (expected == "<ID>")
        {
            if (!Regex.IsMatch(actual, idPattern))
                return $"{path}: id '{actual}' does not match {idPattern}";
            SeenId ??= actual;
            return actual == SeenId ? null : $"{path}: id '{actual}' differs from '{SeenId}' seen earlier";
        }
        if (expected.StartsWith("<ID:", StringComparison.Ordinal) && expected.EndsWith('>'))
        {
            var prefix = expected[4..^1].Split('#')[0];
            if (!Regex.IsMatch(actual, "^" + Regex.Escape(prefix) + "[A-Za-z0-9]{8,}$"))
                return $"{path}: id '{actual}' does not match {prefix}<alphanumerics>";
            if (!NamedIds.TryAdd(expected, actual) && NamedIds[expected] != actual)
                return $"{path}: id '{actual}' differs from '{NamedIds[expected]}' seen earlier for {expected}";
            return null;
        }
        if (expected == "<CALLID>")
        {
            if (!Regex.IsMatch(actual, CallIdPattern))
                return $"{path}: call id '{actual}' does not match {CallIdPattern}";
            CallIds.Add(actual);
            return null;
        }
        return expected == actual ? null : $"{path}: expected \"{expected}\", got \"{actual}\"";
    }

    static bool SameKind(JsonValueKind a, JsonValueKind b) => a == b;
}
