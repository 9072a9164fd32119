using System.Text.RegularExpressions;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Monitoring;

/// <summary>The alerting rules and the dashboard shipped in config/monitoring, as files and as the names they use.</summary>
internal static partial class ShippedMonitoring
{
    public static string Directory => Path.Combine(RepoLayout.Root, "config", "monitoring");
    public static string RulesPath => Path.Combine(Directory, "modelgateway-alerts.yml");
    public static string RuleTestsPath => Path.Combine(Directory, "modelgateway-alerts.test.yml");
    public static string DashboardPath => Path.Combine(Directory, "modelgateway-dashboard.json");

    public static IReadOnlyList<string> AlertNames()
        => AlertLine().Matches(File.ReadAllText(RulesPath)).Select(m => m.Groups[1].Value).ToList();

    /// <summary>
    /// The rules with every <c>for</c> removed, so a test sees an alert fire within seconds rather than minutes;
    /// the expressions are the shipped ones.
    /// </summary>
    public static string RulesFiringAtOnce() => ForLine().Replace(File.ReadAllText(RulesPath), "");

    /// <summary>Metric names a PromQL expression reads (histogram series under their family name).</summary>
    public static IEnumerable<string> MetricNames(string promql)
        => MetricName().Matches(promql).Select(m => Regex.Replace(m.Value, "_(bucket|sum|count)$", ""));

    [GeneratedRegex(@"^\s*- alert: (\w+)\s*$", RegexOptions.Multiline)]
    private static partial Regex AlertLine();

    [GeneratedRegex(@"^\s+for: \S+\r?\n", RegexOptions.Multiline)]
    private static partial Regex ForLine();

    [GeneratedRegex(@"\b(modelgateway|dotnet|kestrel|http)_[a-z_]+\b")]
    private static partial Regex MetricName();
}
