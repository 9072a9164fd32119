using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using ModelGateway.Diagnostics;
using ModelGateway.Logging;

namespace ModelGateway.Tests.Logging;

public class BatchingConsoleLoggerProviderTests
{
    const string Category = "ModelGateway.Tests.Logging.Sample";

    static ServiceProvider Services(params (string Key, string Value)[] settings) => Services(out _, settings);

    static ServiceProvider Services(out IConfigurationRoot config, params (string Key, string Value)[] settings)
    {
        var built = config = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>("Logging:" + s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddConfiguration(built.GetSection("Logging")).AddConsole());
        return services.BuildServiceProvider();
    }

    static BatchingConsoleLoggerProvider Batching(IServiceProvider services, RecordingStream stdout, RecordingStream? stderr = null)
        => new(services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>(), services.GetRequiredService<IEnumerable<ConsoleFormatter>>(),
            services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>(), stdout, stderr ?? new RecordingStream(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

    /// <summary>
    /// Lines of every kind the gateway writes: structured state, a scope, an exception, text that JSON escapes, and
    /// request log lines (which the JSON formatter's direct path writes when scopes are off), inside a scope too.
    /// </summary>
    static void WriteSamples(ILogger logger)
    {
        logger.LogInformation(100, "{Method} {Path} answered {Status} in {DurationMs} ms", "POST", "/api/chät \"x\"", 200, 12.5);
        using (logger.BeginScope("request {RequestId}", "req_1"))
        {
            logger.LogWarning(10, "Worker {Worker} unreachable", "gpu-1");
            WriteRequestLine(logger, RequestLine("/v1/chat/completions", model: "llama3.2:3b", worker: "gpu-1", cache: "HIT", key: "team-a"));
        }
        logger.LogError(new InvalidOperationException("boom\nsecond line"), "Failed {Count} times", 3);
        logger.LogInformation(new string('y', 3000) + " 😀 end");
        WriteRequestLine(logger, RequestLine("/api/chat"));
        WriteRequestLine(logger, RequestLine("/api/ch<ät>&+\"\\\u0001 😀", model: "qwen2.5:0.5b", durationMs: 1234567.8, status: 503, aborted: true));
        WriteRequestLine(logger, RequestLine("/" + new string('p', 512), model: new string('m', 600), key: "k\u00e9y"));
        WriteRequestLine(logger, RequestLine("/metrics", durationMs: 0), LogLevel.Debug);
    }

    static RequestLogEntry RequestLine(string path, string? model = null, string? worker = null, string? cache = null, string? key = null,
        double durationMs = 0.2, int status = 200, bool aborted = false) => new()
    {
        Method = "POST", Path = path, Status = status, DurationMs = durationMs, Surface = "ollama", Model = model, Worker = worker,
        Cache = cache, KeyName = key, RequestId = "req_0123456789abcdef", Aborted = aborted,
    };

    static void WriteRequestLine(ILogger logger, RequestLogEntry entry, LogLevel level = LogLevel.Information)
        => logger.Log(level, RequestLogEntry.EventId, entry, null, RequestLogEntry.Format);

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

    [TestCase("json", "true")]
    [TestCase("json", "false")]
    [TestCase("simple", "true")]
    [TestCase("systemd", "true")]
    public void WritesTheSameTextAsTheFrameworksConsoleLogger(string formatter, string includeScopes)
    {
        using var services = Services(("Console:FormatterName", formatter), ("Console:FormatterOptions:IncludeScopes", includeScopes),
            ("Console:FormatterOptions:ColorBehavior", "Disabled"));
        var expected = FrameworkOutput(services);
        Assert.That(expected, Does.Contain("answered 200").And.Contain("answered 503"), "the framework wrote the samples");
        Assert.That(BatchingOutput(services), Is.EqualTo(expected));
    }

    /// <summary>
    /// Timestamps as the shipped configuration writes them, UTC or local, and JSON written indented: the direct path for
    /// request lines gives the formatter's bytes. The format is coarse so both runs fall within one period of it.
    /// </summary>
    [TestCase("yyyy'-'MM'T'", "true", "false")]
    [TestCase("yyyy'-'MM'T'", "false", "false")]
    [TestCase(null, "true", "true")]
    public void JsonRequestLines_MatchTheFrameworksFormatter(string? timestampFormat, string utc, string indented)
    {
        var settings = new List<(string, string)>
        {
            ("Console:FormatterName", "json"), ("Console:FormatterOptions:UseUtcTimestamp", utc),
            ("Console:FormatterOptions:JsonWriterOptions:Indented", indented),
        };
        if (timestampFormat is not null) settings.Add(("Console:FormatterOptions:TimestampFormat", timestampFormat));
        using var services = Services([.. settings]);
        var expected = FrameworkOutput(services);
        if (timestampFormat is not null) Assert.That(expected, Does.Contain("\"Timestamp\":"));
        Assert.That(BatchingOutput(services), Is.EqualTo(expected));
    }

    /// <summary>The request line's direct path is taken for the JSON formatter without scopes, and only then.</summary>
    [TestCase("json", "false", true)]
    [TestCase("json", "true", false)]
    [TestCase("simple", "false", false)]
    public void TheDirectJsonPath_IsUsedOnlyWhereItsBytesAreTheFormatters(string formatter, string includeScopes, bool direct)
    {
        using var services = Services(("Console:FormatterName", formatter), ("Console:FormatterOptions:IncludeScopes", includeScopes));
        using var provider = Batching(services, new RecordingStream());
        Assert.That(provider.Settings.JsonLines is not null, Is.EqualTo(direct));
    }

    [Test]
    public void TurningScopesOnWhileRunning_TakesRequestLinesOffTheDirectPath()
    {
        using var services = Services(out var config, ("Console:FormatterName", "json"), ("Console:FormatterOptions:IncludeScopes", "false"));
        var stdout = new RecordingStream();
        using (var provider = Batching(services, stdout))
        {
            provider.SetScopeProvider(new LoggerExternalScopeProvider());
            Assert.That(provider.Settings.JsonLines, Is.Not.Null);
            config["Logging:Console:FormatterOptions:IncludeScopes"] = "true";
            config.Reload();
            Assert.That(provider.Settings.JsonLines, Is.Null);
            var logger = provider.CreateLogger(Category);
            using (logger.BeginScope("request {RequestId}", "req_9")) WriteRequestLine(logger, RequestLine("/api/chat"));
        }
        Assert.That(stdout.Text, Does.Contain("\"Scopes\":").And.Contain("req_9"));
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
