using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using ModelGateway.Configuration;
using ModelGateway.Logging;

namespace ModelGateway.Tests.Logging;

public class ConsoleLoggingConfigValidatorTests
{
    static List<string> Validate(params (string Key, string Value)[] settings)
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var errors = new List<string>();
        ConsoleLoggingConfigValidator.Validate(config, errors);
        return errors;
    }

    [TestCase("Logging:Console:MaxQueueLength", "0", "Logging:Console:MaxQueueLength '0' must be a whole number of lines, 1 or more")]
    [TestCase("Logging:Console:MaxQueueLength", "-1", "Logging:Console:MaxQueueLength '-1' must be a whole number of lines, 1 or more")]
    [TestCase("Logging:Console:MaxQueueLength", "abc", "Logging:Console:MaxQueueLength 'abc' must be a whole number of lines, 1 or more")]
    [TestCase("Logging:Console:FormatterName", "jsn", "Logging:Console:FormatterName 'jsn' is not a console formatter; use json, simple, systemd")]
    [TestCase("Logging:Console:FormatterOptions:UseUtcTimestamp", "maybe", "Logging:Console:FormatterOptions:UseUtcTimestamp 'maybe' is not true or false")]
    [TestCase("Logging:Console:FormatterOptions:SingleLine", "yes", "Logging:Console:FormatterOptions:SingleLine 'yes' is not true or false")]
    [TestCase("Logging:Console:FormatterOptions:JsonWriterOptions:MaxDepth", "-3", "Logging:Console:FormatterOptions:JsonWriterOptions:MaxDepth '-3' is refused: ")]
    [TestCase("Logging:Console:LogToStandardErrorThreshold", "Loud", "Logging:Console:LogToStandardErrorThreshold 'Loud' is not a log level")]
    [TestCase("Logging:Console:UseUtcTimestamp", "maybe", "Logging:Console:UseUtcTimestamp 'maybe' is not true or false")]
    public void ABadValue_IsOneErrorNamingTheFullKey(string key, string value, string expected)
    {
        var errors = Validate((key, value));
        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.StartWith(expected));
    }

    [Test]
    public void ABadValue_IsNamedByTheFleetRules_SoStartUpAndReloadsReportIt()
        => Assert.That(FleetConfigValidator.Validate(new Dictionary<string, string?> { ["Logging:Console:MaxQueueLength"] = "0" }),
            Has.One.StartsWith("Logging:Console:MaxQueueLength '0'"));

    [Test]
    public void TheShippedSettings_AreAccepted()
        => Assert.That(Validate(("Logging:Console:FormatterName", "json"), ("Logging:Console:MaxQueueLength", "2500"),
            ("Logging:Console:LogToStandardErrorThreshold", "Error"), ("Logging:Console:LogLevel:Yarp", "Warning"),
            ("Logging:Console:FormatterOptions:UseUtcTimestamp", "true"), ("Logging:Console:FormatterOptions:TimestampFormat", "yyyy-MM-ddTHH:mm:ss.fffZ"),
            ("Logging:Console:FormatterOptions:SingleLine", "true"), ("Logging:Console:FormatterOptions:JsonWriterOptions:Indented", "false")), Is.Empty);

    /// <summary>Every name the check accepts selects that formatter in the gateway's console logger, never the silent fallback.</summary>
    [TestCase("json")]
    [TestCase("JSON")]
    [TestCase("simple")]
    [TestCase("systemd")]
    public void EveryAcceptedFormatterName_IsOneTheConsoleLoggerUses(string name)
    {
        Assert.That(Validate(("Logging:Console:FormatterName", name)), Is.Empty);

        var config = new ConfigurationBuilder().AddInMemoryCollection([new("Logging:Console:FormatterName", name)]).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddConfiguration(config.GetSection("Logging")).AddConsole());
        using var provider = services.BuildServiceProvider();
        using var console = new BatchingConsoleLoggerProvider(provider.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>(),
            provider.GetRequiredService<IEnumerable<ConsoleFormatter>>(), provider.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>(),
            new RecordingStream(), new RecordingStream(), System.Text.Encoding.UTF8);
        Assert.That(console.Settings.Formatter.Name, Is.EqualTo(name).IgnoreCase);
    }

    [Test]
    public void TheAcceptedNames_AreEveryFormatterTheConsoleRegisters()
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddConsole());
        using var provider = services.BuildServiceProvider();
        Assert.That(provider.GetServices<ConsoleFormatter>().Select(f => f.Name), Is.EquivalentTo(ConsoleLoggingConfigValidator.FormatterNames));
    }
}
