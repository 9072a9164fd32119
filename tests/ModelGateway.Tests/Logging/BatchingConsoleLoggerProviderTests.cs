using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using ModelGateway.Logging;

namespace ModelGateway.Tests.Logging;

public class BatchingConsoleLoggerProviderTests
{
    const string Category = "ModelGateway.Tests.Logging.Sample";

    static ServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>("Logging:" + s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddConfiguration(config.GetSection("Logging")).AddConsole());
        return services.BuildServiceProvider();
    }

    static BatchingConsoleLoggerProvider Batching(IServiceProvider services, RecordingStream stdout, RecordingStream? stderr = null)
        => new(services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>(), services.GetRequiredService<IEnumerable<ConsoleFormatter>>(),
            stdout, stderr ?? new RecordingStream(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

    /// <summary>Lines of every kind the gateway writes: structured state, a scope, an exception, text that JSON escapes.</summary>
    static void WriteSamples(ILogger logger)
    {
        logger.LogInformation(100, "{Method} {Path} answered {Status} in {DurationMs} ms", "POST", "/api/chät \"x\"", 200, 12.5);
        using (logger.BeginScope("request {RequestId}", "req_1"))
            logger.LogWarning(10, "Worker {Worker} unreachable", "gpu-1");
        logger.LogError(new InvalidOperationException("boom\nsecond line"), "Failed {Count} times", 3);
        logger.LogInformation(new string('y', 3000) + " 😀 end");
    }

    /// <summary>What the framework's own console logger writes for the samples (it writes to Console.Out).</summary>
    static string FrameworkOutput(IServiceProvider services)
    {
        var original = Console.Out;
        var captured = new StringWriter();
        Console.SetOut(captured);
        try
        {
            var provider = services.GetServices<ILoggerProvider>().OfType<ConsoleLoggerProvider>().Single();
            var scopes = new LoggerExternalScopeProvider();
            provider.SetScopeProvider(scopes);
            WriteSamples(provider.CreateLogger(Category));
            provider.Dispose();
        }
        finally
        {
            Console.SetOut(original);
        }
        return captured.ToString();
    }

    static string BatchingOutput(IServiceProvider services)
    {
        var stdout = new RecordingStream();
        using (var provider = Batching(services, stdout))
        {
            provider.SetScopeProvider(new LoggerExternalScopeProvider());
            WriteSamples(provider.CreateLogger(Category));
        }
        return stdout.Text;
    }

    [TestCase("json")]
    [TestCase("simple")]
    [TestCase("systemd")]
    public void WritesTheSameTextAsTheFrameworksConsoleLogger(string formatter)
    {
        using var services = Services(("Console:FormatterName", formatter), ("Console:FormatterOptions:IncludeScopes", "true"),
            ("Console:FormatterOptions:ColorBehavior", "Disabled"));
        var expected = FrameworkOutput(services);
        Assert.That(expected, Does.Contain("answered 200"), "the framework wrote the samples");
        Assert.That(BatchingOutput(services), Is.EqualTo(expected));
    }

    [Test]
    public void WithoutAFormatterName_FallsBackToTheSimpleFormatterAsTheFrameworkDoes()
    {
        using var services = Services(("Console:FormatterOptions:ColorBehavior", "Disabled"));
        Assert.That(BatchingOutput(services), Is.EqualTo(FrameworkOutput(services)));
    }

    [Test]
    public void ConsoleFiltersApply_ThroughTheConsoleAlias()
    {
        var stdout = new RecordingStream();
        using var services = Services(("Console:FormatterName", "simple"));
        using (var provider = Batching(services, stdout))
        {
            var filters = new LoggerFilterOptions { MinLevel = LogLevel.Information };
            filters.Rules.Add(new LoggerFilterRule("Console", Category, LogLevel.Warning, null));
            using var factory = new LoggerFactory([provider], filters);
            var logger = factory.CreateLogger(Category);
            logger.LogInformation("filtered out by Logging:Console:LogLevel");
            logger.LogWarning("kept");
        }
        Assert.That(stdout.Text, Does.Contain("kept"));
        Assert.That(stdout.Text, Does.Not.Contain("filtered out"));
    }

    [Test]
    public void LinesAtTheStandardErrorThreshold_GoToStandardError()
    {
        var stdout = new RecordingStream();
        var stderr = new RecordingStream();
        using var services = Services(("Console:FormatterName", "simple"), ("Console:LogToStandardErrorThreshold", "Error"));
        using (var provider = Batching(services, stdout, stderr))
        {
            var logger = provider.CreateLogger(Category);
            logger.LogWarning("to stdout");
            logger.LogError("to stderr");
        }
        Assert.That(stdout.Text, Does.Contain("to stdout").And.Not.Contain("to stderr"));
        Assert.That(stderr.Text, Does.Contain("to stderr").And.Not.Contain("to stdout"));
    }

    [Test]
    public void WhenTheOutputIsStuck_LoggingReturnsAtOnce_AndTheDropIsReportedInTheConfiguredFormat()
    {
        var stdout = new RecordingStream();
        using var services = Services(("Console:FormatterName", "json"), ("Console:MaxQueueLength", "5"));
        using (var provider = Batching(services, stdout))
        {
            stdout.Hold();
            var logger = provider.CreateLogger(Category);
            logger.LogInformation("first");
            Assert.That(stdout.WaitForWrite(TimeSpan.FromSeconds(10)));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (var i = 0; i < 100; i++) logger.LogInformation("line {Index}", i);
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)));
            Assert.That(provider.Queue.DroppedLines, Is.EqualTo(95));
            stdout.Release();
        }
        var report = stdout.Text.Split('\n').Single(l => l.Contains("log lines dropped"));
        var json = System.Text.Json.Nodes.JsonNode.Parse(report)!;
        Assert.That((string?)json["Category"], Is.EqualTo(BatchingConsoleLoggerProvider.DropReportCategory));
        Assert.That((string?)json["LogLevel"], Is.EqualTo("Warning"));
        Assert.That((long?)json["State"]!["DroppedLines"], Is.EqualTo(95));
    }

    [Test]
    public void AddGatewayLogging_ReplacesTheFrameworksConsoleProvider()
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddConsole());
        services.AddGatewayLogging();
        var providers = services.Where(d => d.ServiceType == typeof(ILoggerProvider)).Select(d => d.ImplementationType).ToList();
        Assert.That(providers, Is.EqualTo(new[] { typeof(BatchingConsoleLoggerProvider) }));
    }

    [Test]
    public void AddGatewayLogging_AddsNoConsoleWhenTheHostHasNone()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGatewayLogging();
        Assert.That(services.Any(d => d.ServiceType == typeof(ILoggerProvider)), Is.False);
    }
}
