using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Logging.Console;
using ModelGateway.Configuration;

namespace ModelGateway.Logging;

/// <summary>
/// Checks <c>Logging:Console</c> as the console logger will bind it, naming the key at fault. The framework binds the
/// section while the host is built, before any other check, and its errors name neither the section nor (for a setter
/// that refuses a value, such as <c>MaxQueueLength</c> 0) the key: unchecked, a bad value crashed start-up with a stack
/// trace. Called from <see cref="Configuration.FleetConfigValidator"/>, so start-up and every reload run it.
/// </summary>
public static class ConsoleLoggingConfigValidator
{
    public const string Section = "Logging:Console";

    /// <summary>
    /// The formatters <c>AddConsole</c> registers (the gateway registers none of its own). Any other name would make the
    /// provider fall back to <c>simple</c> without a word, so text lines would reach a shipper expecting JSON.
    /// </summary>
    public static readonly IReadOnlyList<string> FormatterNames = [ConsoleFormatterNames.Json, ConsoleFormatterNames.Simple, ConsoleFormatterNames.Systemd];

    public static void Validate(IConfiguration config, List<string> errors)
    {
        var console = config.GetSection(Section);
        var reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        var formatter = console.GetSection("FormatterName");
        if (!string.IsNullOrEmpty(formatter.Value) && !FormatterNames.Contains(formatter.Value, StringComparer.OrdinalIgnoreCase))
            Report(formatter, $"is not a console formatter; use {string.Join(", ", FormatterNames)}");

        var queue = console.GetSection("MaxQueueLength");
        if (!string.IsNullOrEmpty(queue.Value) && (!int.TryParse(queue.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var lines) || lines < 1))
            Report(queue, "must be a whole number of lines, 1 or more");

        // Whatever else the framework binds: the section's own keys, and the formatters' options (each formatter binds
        // the same FormatterOptions section, whichever is selected).
        BindEachKey<ConsoleLoggerOptions>(console);
        var formatterOptions = console.GetSection("FormatterOptions");
        BindEachKey<JsonConsoleFormatterOptions>(formatterOptions);
        BindEachKey<SimpleConsoleFormatterOptions>(formatterOptions);

        void Report(IConfigurationSection key, string reason)
        {
            if (reported.Add(key.Path)) errors.Add($"{key.Path} '{key.Value}' {reason}");
        }

        // One key at a time, so a failure is pinned to its key whatever the framework's message says.
        void BindEachKey<T>(IConfigurationSection section) where T : new()
        {
            foreach (var setting in section.AsEnumerable())
            {
                if (setting.Value is null || setting.Key.Length <= section.Path.Length || reported.Contains(setting.Key)) continue;
                var key = setting.Key[(section.Path.Length + 1)..];
                var single = new ConfigurationBuilder().AddInMemoryCollection([new(key, setting.Value)]).Build();
                try
                {
                    single.Bind(new T());
                }
                catch (InvalidOperationException ex) when (ConfigurationBindingFailure.TryDescribe(ex.Message, section.Path, out var description))
                {
                    if (reported.Add(setting.Key)) errors.Add(description);
                }
                catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or TargetInvocationException)
                {
                    Report(section.GetSection(key), "is refused: " + Innermost(ex).Message.ReplaceLineEndings(" "));
                }
            }
        }
    }

    /// <summary>A setter's refusal arrives wrapped by the binder (and by reflection); the innermost message says why.</summary>
    static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null) ex = ex.InnerException;
        return ex;
    }
}
