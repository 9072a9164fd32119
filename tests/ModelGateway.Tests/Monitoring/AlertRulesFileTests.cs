using System.Text.RegularExpressions;
using ModelGateway.Tests.Fixtures;

namespace ModelGateway.Tests.Monitoring;

/// <summary>The shipped alerting rules as Prometheus' own tool reads them.</summary>
public sealed class AlertRulesFileTests
{
    [Test]
    public async Task TheRulesFile_LoadsInPrometheus()
    {
        var (code, output) = await Promtool.RunAsync(ShippedMonitoring.Directory, null, "check", "rules", "modelgateway-alerts.yml");

        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain($"SUCCESS: {ShippedMonitoring.AlertNames().Count} rules found"));
    }

    [Test]
    public async Task TheRulesPassTheirUnitTests()
    {
        var (code, output) = await Promtool.RunAsync(ShippedMonitoring.Directory, null, "test", "rules", "modelgateway-alerts.test.yml");

        Assert.That(code, Is.EqualTo(0), output);
    }

    [Test]
    public void EveryAlert_HasAUnitTestInWhichItFires()
    {
        var tests = File.ReadAllText(ShippedMonitoring.RuleTestsPath);
        var firing = Regex.Matches(tests, @"alertname: (\w+)\s*\n\s*exp_alerts:\s*\n\s*- exp_labels")
            .Select(m => m.Groups[1].Value).ToHashSet();

        Assert.That(ShippedMonitoring.AlertNames(), Is.SubsetOf(firing), "alerts without a case where they fire");
    }

    [Test]
    public void EveryAlert_HasASeverityAndTellsWhatToDo()
    {
        var rules = File.ReadAllText(ShippedMonitoring.RulesPath);
        var blocks = Regex.Split(rules, @"(?=^\s*- alert: )", RegexOptions.Multiline).Where(b => b.TrimStart().StartsWith("- alert:"));

        Assert.Multiple(() =>
        {
            foreach (var block in blocks)
            {
                var name = Regex.Match(block, @"- alert: (\w+)").Groups[1].Value;
                Assert.That(block, Does.Match(@"severity: (critical|warning)"), name);
                Assert.That(block, Does.Contain("summary:").And.Contain("description:"), name);
            }
        });
    }
}
