using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelGateway.Configuration;

namespace ModelGateway.Tests.Configuration;

/// <summary>
/// The whole-configuration check finds the options to check among the registrations: a section a capability adds
/// later is checked at start-up and before every reload without being listed anywhere.
/// </summary>
public class FleetConfigurationCheckTests
{
    public sealed class FutureOptions
    {
        [System.ComponentModel.DataAnnotations.Range(1, 10, ErrorMessage = "Future:Level must be between 1 and 10")]
        public int Level { get; set; } = 1;

        public TimeSpan Every { get; set; } = TimeSpan.FromSeconds(1);
    }

    public sealed class OtherOptions
    {
        public string Mode { get; set; } = "a";
    }

    static FleetConfigurationCheck Build(Dictionary<string, string?> settings)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddOptions<FutureOptions>().Bind(config.GetSection("Future")).ValidateDataAnnotations();
        services.AddOptions<OtherOptions>().Bind(config.GetSection("Other"))
            .Validate(o => o.Mode is "a" or "b", "Other:Mode must be 'a' or 'b'");
        services.AddSingleton(sp => new FleetConfigurationCheck(sp, config, services));
        return services.BuildServiceProvider().GetRequiredService<FleetConfigurationCheck>();
    }

    [Test]
    public void ValidSections_PassTheCheck()
        => Assert.That(Build(new() { ["Future:Level"] = "3", ["Other:Mode"] = "b" }).Validate(), Is.Empty);

    [Test]
    public void EveryRegisteredOptionsType_IsChecked()
    {
        var check = Build([]);
        Assert.That(check.Options.Select(o => o.Type), Is.SupersetOf(new[] { typeof(FutureOptions), typeof(OtherOptions) }));
    }

    [TestCase("Future:Level", "0", "Future:Level must be between 1 and 10")]
    [TestCase("Future:Level", "abc", "Future:Level 'abc' is not a whole number")]
    [TestCase("Future:Every", "soon", "Future:Every 'soon' is not a time span (hh:mm:ss)")]
    [TestCase("Other:Mode", "c", "Other:Mode must be 'a' or 'b'")]
    public void ABadValue_InAnyRegisteredSection_IsReportedNamingTheKey(string key, string value, string named)
    {
        var problems = Build(new() { [key] = value }).Validate();
        Assert.That(problems, Has.Some.Contains(named));
    }

    [Test]
    public void SeveralProblems_AreAllReported_OneLineEach()
    {
        var problems = Build(new() { ["Future:Level"] = "99", ["Other:Mode"] = "z" }).Validate();
        Assert.That(problems, Is.EquivalentTo(new[] { "Future:Level must be between 1 and 10", "Other:Mode must be 'a' or 'b'" }));
    }
}
